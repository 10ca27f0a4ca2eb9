# GET my_endpoint_2: lists what the caller asked for, as plain text.
print('script3 got: %s' % ', '.join(sorted(ARGS.keys())))
