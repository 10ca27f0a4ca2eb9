print('1')
