"""`from syncano.models import Object` (and the other names, which raise NotImplementedError when used)."""
from syncano.models.objects import Object, ObjectManager  # noqa: F401


def _missing(name):
    class Missing(object):
        def __init__(self, *args, **kwargs):
            raise NotImplementedError('syncano.models.%s is not implemented by sockgen (only Object over the socket\'s data classes)' % name)

        class please(object):
            def __getattr__(self, attribute):
                raise NotImplementedError('syncano.models.%s.please.%s is not implemented by sockgen' % (name, attribute))

    Missing.please = Missing.please()
    Missing.__name__ = name
    return Missing


for _name in ('Class', 'Script', 'ScriptEndpoint', 'ScriptTrace', 'Trigger', 'Schedule', 'User', 'Group', 'Profile',
              'Channel', 'DataObject', 'DataEndpoint', 'Instance', 'Admin', 'ApiKey', 'CustomSocket', 'SocketEndpoint',
              'GCMDevice', 'APNSDevice', 'Backup', 'Hosting', 'Template', 'Response'):
    globals()[_name] = _missing(_name)
