"""Runs one Custom Socket script under the Syncano script contract (sockgen runtime/http).

stdin: JSON {"name", "file" | "source", "args", "meta", "config"}.
The script runs with the globals ARGS, META, CONFIG, HttpResponse and set_response; what it
prints goes to stdout unchanged (the caller enforces the output cap while it streams).
A response given to set_response is written as JSON to file descriptor 3 when the script ends.
Exceptions print a traceback on stderr and exit 1.
"""
import base64
import json
import os
import sys
import traceback


class HttpResponse(object):
    """The platform's response object: HttpResponse(status_code, content, content_type, headers)."""

    def __init__(self, status_code=200, content='', content_type='application/json', headers=None):
        self.status_code = status_code
        self.content = content
        self.content_type = content_type
        self.headers = headers or {}

    def to_message(self):
        content = self.content
        encoding = 'utf8'
        if content is None:
            content = ''
        elif isinstance(content, (bytes, bytearray)):
            content = base64.b64encode(bytes(content)).decode('ascii')
            encoding = 'base64'
        elif not isinstance(content, str):
            content = json.dumps(content)
        try:
            status_code = int(self.status_code)
        except (TypeError, ValueError):
            raise ValueError('HttpResponse status_code must be an integer, got %r' % (self.status_code,))
        return {
            'status_code': status_code,
            'content': content,
            'encoding': encoding,
            'content_type': self.content_type,
            'headers': dict((str(k), str(v)) for k, v in dict(self.headers).items()),
        }


_response = []


def set_response(response):
    """Answer with this response instead of stdout (the last call wins)."""
    if not isinstance(response, HttpResponse):
        raise TypeError('set_response expects an HttpResponse')
    _response[:] = [response]


def _print_script_traceback():
    # The harness's own frames (compile/exec in _main) say nothing to the script's author and
    # would put the server's install path into every 500 answer: print only the script's.
    kind, value, tb = sys.exc_info()
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    traceback.print_exception(kind, value, tb)


def _main():
    request = json.loads(sys.stdin.read())
    name = request.get('name') or 'script'
    filename = request.get('file')
    if filename:
        with open(filename, 'r', encoding='utf-8') as handle:
            source = handle.read()
        sys.path.insert(0, os.path.dirname(filename))
    else:
        source = request.get('source') or ''
        filename = '<%s>' % name
    scope = {
        '__name__': '__main__',
        '__file__': filename,
        '__builtins__': __builtins__,
        'ARGS': request.get('args') or {},
        'META': request.get('meta') or {},
        'CONFIG': request.get('config') or {},
        'HttpResponse': HttpResponse,
        'set_response': set_response,
    }
    status = 0
    try:
        code = compile(source, filename, 'exec')
        exec(code, scope)
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        if not isinstance(stop.code, (int, type(None))):
            sys.stderr.write('%s\n' % stop.code)
    except BaseException:
        _print_script_traceback()
        status = 1
    sys.stdout.flush()
    if status == 0 and _response:
        try:
            message = json.dumps(_response[0].to_message())
        except Exception as error:
            # The script's mistake, said in one line: the harness's frames would only add its path.
            sys.stderr.write('set_response: %s\n' % error)
            return 1
        with os.fdopen(3, 'w', encoding='utf-8') as channel:
            channel.write(message)
    return status


if __name__ == '__main__':
    sys.exit(_main())
