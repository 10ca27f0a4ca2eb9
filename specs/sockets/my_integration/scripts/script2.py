# POST my_endpoint_2: "creates" the item in the body and answers 201 with its own response.
import json

item = {'name': ARGS.get('name'), 'created': True}
set_response(HttpResponse(status_code=201, content=json.dumps(item), content_type='application/json'))
