"""Runs one Custom Socket script under the Syncano script contract (sockgen runtime/http).

Used by syncano_zygote.py, which imports it once and calls run() in a forked child per request;
`python syncano_harness.py < request.json` runs one request on its own (tests, debugging).
Request: JSON {"name", "file" | "source", "cwd", "args", "body", "meta", "config"}; "body" is the
request's JSON body as sent (parsed here, so integers keep every digit) and overrides "args" keys.
The script runs with the globals ARGS, META, CONFIG, HttpResponse and set_response; what it
prints goes to file descriptor 1 unchanged (the caller enforces the output cap while it streams).
File descriptor 3 carries JSON lines to the host: {"t": "response", ...} when set_response was
called, and {"t": "call", ...} requests of the `syncano` module, answered on file descriptor 4.
Exceptions print a traceback (the script's frames only) on stderr and exit 1.
Kept to the syntax of Python 2.7 and 3: python_library_v4.2/v5.0 scripts ran on 2.7.
"""
import base64
import json
import os
import sys
import traceback

try:
    text_type = unicode  # noqa: F821 (Python 2)
except NameError:
    text_type = str


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
        elif isinstance(content, (bytes, bytearray)) and not (bytes is str and _is_text(content)):
            content = base64.b64encode(bytes(content)).decode('ascii')
            encoding = 'base64'
        elif isinstance(content, bytes):
            content = content.decode('utf-8')
        elif not isinstance(content, (str, text_type)):
            content = json.dumps(content)
        try:
            status_code = int(self.status_code)
        except (TypeError, ValueError):
            raise ValueError('HttpResponse status_code must be an integer, got %r' % (self.status_code,))
        return {
            't': 'response',
            'status_code': status_code,
            'content': content,
            'encoding': encoding,
            'content_type': self.content_type,
            'headers': dict((str(k), str(v)) for k, v in dict(self.headers).items()),
        }


def _is_text(value):
    """Python 2: a str is bytes; it is text when it decodes as UTF-8."""
    try:
        value.decode('utf-8')
        return True
    except UnicodeDecodeError:
        return False


_response = []


def set_response(response):
    """Answer with this response instead of stdout (the last call wins)."""
    if not isinstance(response, HttpResponse):
        raise TypeError('set_response expects an HttpResponse')
    _response[:] = [response]


def send_message(message):
    """One JSON line to the host on file descriptor 3."""
    data = (json.dumps(message) + '\n').encode('utf-8')
    while data:
        written = os.write(3, data)
        data = data[written:]


_own_files = set(os.path.splitext(os.path.abspath(path))[0] for path in [__file__])


def _print_script_traceback():
    # The harness's own frames (compile/exec in run) say nothing to the script's author and
    # would put the server's install path into the log line: print only the script's.
    kind, value, tb = sys.exc_info()
    while tb is not None and os.path.splitext(os.path.abspath(tb.tb_frame.f_code.co_filename))[0] in _own_files:
        tb = tb.tb_next
    traceback.print_exception(kind, value, tb)


def run(request):
    """Runs the script of one request (a dict); returns the exit status."""
    name = request.get('name') or 'script'
    filename = request.get('file')
    if request.get('cwd'):
        os.chdir(request['cwd'])
    if filename:
        with open(filename, 'rb') as handle:
            source = handle.read()
        sys.path.insert(0, os.path.dirname(filename))
    else:
        # Bytes, as a file's source is: Python 2 refuses a unicode source with a coding line.
        source = (request.get('source') or '').encode('utf-8')
        filename = '<%s>' % name
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    args = request.get('args') or {}
    body = request.get('body')
    if isinstance(body, dict):
        # The body as the caller wrote it: 12345678901234567890 stays that integer (JavaScript rounded it).
        for key, value in body.items():
            if key in args:
                args[key] = value
    scope = {
        '__name__': '__main__',
        '__file__': filename,
        '__builtins__': __builtins__,
        'ARGS': args,
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
    try:
        sys.stdout.flush()
    except Exception:
        pass
    if status == 0 and _response:
        try:
            message = _response[0].to_message()
            send_message(message)
        except Exception as error:
            # The script's mistake, said in one line: the harness's frames would only add its path.
            sys.stderr.write('set_response: %s\n' % error)
            return 1
    return status


def main():
    data = sys.stdin.read()
    if isinstance(data, bytes):
        data = data.decode('utf-8')
    return run(json.loads(data))


if __name__ == '__main__':
    sys.exit(main())
