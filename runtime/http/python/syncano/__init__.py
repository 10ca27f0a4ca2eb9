"""A stand-in for the `syncano` library (syncano-python 5.x) inside sockgen's Python harness.

It implements what socket scripts used to reach their data classes, with the library's call and
return shapes: `syncano.connect(...)`, `from syncano.models import Object`,
`Object.please.list/get/create/update/delete(class_name=...)` (plus `filter(field=...)`,
`filter(field__eq=...)`, `order_by`, `limit`, `Object.save()/delete()`). The records live in the
socket's class stores (memory or PostgreSQL) and are reached through the host over the harness's
pipes; nothing here opens a network connection. Anything else raises NotImplementedError naming
the call. Kept to the syntax of Python 2.7 and 3.
"""
from syncano import connection, exceptions, models  # noqa: F401  (the platform pre-imported these)

__title__ = 'Syncano Python (sockgen stand-in)'
__version__ = '5.4.3'
VERSION = __version__
INSTANCE = None


class Registry(object):
    """What `syncano.connect()` returns: the models by name (only Object is implemented)."""

    def __init__(self, instance_name=None):
        self.instance_name = instance_name
        self.Object = models.Object

    def set_used_instance(self, instance_name):
        self.instance_name = instance_name
        return self

    def __getattr__(self, name):
        raise NotImplementedError('syncano.connect(...).%s is not implemented by sockgen (only Object.please over the socket\'s data classes)' % name)


def connect(*args, **kwargs):
    """Accepted as the library did (api_key, instance_name, user_key...); no network: returns the registry."""
    return Registry(kwargs.get('instance_name'))
