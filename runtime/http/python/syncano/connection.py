"""The host link of the `syncano` stand-in: one JSON line out on fd 3, one answer line in on fd 4."""
import json
import os

from syncano.exceptions import SyncanoDoesNotExist, SyncanoRequestError, SyncanoValidationError


class Connection(object):
    """Kept for `from syncano.connection import Connection`; every call goes through the host."""

    def __init__(self, *args, **kwargs):
        self.options = kwargs

    def open(self, *args, **kwargs):
        return self


DefaultConnection = Connection
_pending = [b'']


def _read_line():
    buffer = _pending[0]
    while b'\n' not in buffer:
        chunk = os.read(4, 65536)
        if not chunk:
            raise SyncanoRequestError('the sockgen host closed the data channel')
        buffer += chunk
    line, rest = buffer.split(b'\n', 1)
    _pending[0] = rest
    return line


def call(op, class_name, **fields):
    """Asks the host to run a class store operation; returns its result or raises like the library."""
    if not class_name:
        raise SyncanoValueError('class_name is required')
    message = dict(fields, t='call', op=op, class_name=class_name)
    data = (json.dumps(message) + '\n').encode('utf-8')
    try:
        while data:
            data = data[os.write(3, data):]
    except OSError:
        raise SyncanoRequestError('the syncano module only works inside a sockgen socket script')
    answer = json.loads(_read_line().decode('utf-8'))
    if answer.get('ok'):
        return answer.get('result')
    kind = answer.get('kind')
    if kind == 'DoesNotExist':
        raise SyncanoDoesNotExist(answer.get('error'))
    if kind == 'ValidationError':
        raise SyncanoValidationError(answer.get('error'))
    raise SyncanoRequestError(answer.get('error'))


from syncano.exceptions import SyncanoValueError  # noqa: E402
