# Runs for every HTTP method of my_endpoint_1: greets whoever is named in the request.
import json

name = ARGS.get('name', 'world')
print(json.dumps({'message': 'Hello %s from script1' % name, 'method': META['method']}))
