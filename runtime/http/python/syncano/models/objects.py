"""Object and Object.please: the data-class subset of syncano-python 5.x over the socket's class stores."""
from syncano import connection
from syncano.exceptions import SyncanoDoesNotExist, SyncanoValueError

_SYSTEM = ('id', 'created_at', 'updated_at', 'revision', 'links', 'channel', 'channel_room', 'owner', 'owner_permissions',
           'group', 'group_permissions', 'other_permissions', 'class_name', 'instance_name')


class ObjectManager(object):
    """`Object.please`: a lazy query; list/filter/order_by/limit chain, iteration runs it."""

    def __init__(self, class_name=None, filters=None, order=None, max_results=None):
        self.class_name = class_name
        self.filters = dict(filters or {})
        self.order = order
        self.max_results = max_results
        self._cache = None

    def _clone(self, **changes):
        state = dict(class_name=self.class_name, filters=self.filters, order=self.order, max_results=self.max_results)
        state.update(changes)
        return ObjectManager(**state)

    def _class(self, class_name):
        name = class_name or self.class_name
        if not name:
            raise SyncanoValueError('class_name is required, e.g. Object.please.list(class_name="books")')
        return name

    # List actions

    def list(self, *args, **kwargs):
        # The library's positional form: list(instance_name, class_name).
        properties = _positional(args, kwargs, ('instance_name', 'class_name'))
        properties.pop('instance_name', None)
        class_name = properties.pop('class_name', None)
        if properties:
            raise NotImplementedError('Object.please.list(%s) is not implemented by sockgen' % ', '.join(sorted(properties)))
        return self._clone(class_name=self._class(class_name))

    all = list

    def filter(self, **lookups):
        filters = dict(self.filters)
        for key, value in lookups.items():
            field, _, lookup = key.partition('__')
            if lookup not in ('', 'eq'):
                raise NotImplementedError('Object.please.filter(%s=...) is not implemented by sockgen (only field=value and field__eq=value)' % key)
            filters[field] = value
        return self._clone(filters=filters)

    def order_by(self, field):
        return self._clone(order=field)

    def limit(self, value):
        return self._clone(max_results=value)

    def page_size(self, value):
        return self._clone()

    def _run(self):
        if self._cache is None:
            fields = {'filter': self.filters}
            if self.order:
                fields['order_by'] = self.order
            if self.max_results:
                fields['limit'] = self.max_results
            records = connection.call('list', self._class(None), **fields)
            self._cache = [Object(class_name=self.class_name, **record) for record in records]
        return self._cache

    def __iter__(self):
        return iter(self._run())

    def __len__(self):
        return len(self._run())

    def __getitem__(self, index):
        return self._run()[index]

    def __bool__(self):
        return bool(self._run())

    __nonzero__ = __bool__

    def count(self):
        return len(self._run())

    def first(self):
        records = self._run()
        return records[0] if records else None

    # Object actions

    def get(self, *args, **kwargs):
        kwargs = _positional(args, kwargs, ('instance_name', 'class_name', 'id'))
        class_name = self._class(kwargs.pop('class_name', None))
        record = connection.call('get', class_name, id=_id(kwargs.pop('id', None), kwargs.pop('pk', None), kwargs))
        return Object(class_name=class_name, **record)

    detail = get

    def create(self, class_name=None, **fields):
        fields.pop('instance_name', None)
        record = connection.call('create', self._class(class_name), data=fields)
        return Object(class_name=self._class(class_name), **record)

    def update(self, *args, **kwargs):
        kwargs = _positional(args, kwargs, ('instance_name', 'class_name', 'id'))
        kwargs.pop('instance_name', None)
        class_name = self._class(kwargs.pop('class_name', None))
        identifier = kwargs.pop('id', None)
        if identifier is None:
            identifier = kwargs.pop('pk', None)
        changes = dict(kwargs.pop('data', None) or {})
        changes.update(kwargs)
        if identifier is None and self.filters:
            # list(...).filter(...).update(field=value): every matching object, a list back (the library's new_update).
            return [self.update(class_name=class_name, id=found.id, data=changes) for found in self._clone(class_name=class_name)]
        record = connection.call('update', class_name, id=_id(identifier, None, {}), data=changes)
        return Object(class_name=class_name, **record)

    def delete(self, *args, **kwargs):
        kwargs = _positional(args, kwargs, ('instance_name', 'class_name', 'id'))
        class_name = self._class(kwargs.pop('class_name', None))
        connection.call('delete', class_name, id=_id(kwargs.pop('id', None), kwargs.pop('pk', None), kwargs))

    def get_or_create(self, class_name=None, defaults=None, **lookups):
        found = self.list(class_name=class_name).filter(**lookups).first()
        if found is not None:
            return found, False
        values = dict(lookups)
        values.update(defaults or {})
        return self.create(class_name=class_name, **values), True

    def __getattr__(self, name):
        raise NotImplementedError('Object.please.%s is not implemented by sockgen (list, all, filter, order_by, limit, get, create, update, delete, get_or_create are)' % name)


def _positional(args, kwargs, names):
    """The library's positional arguments (instance_name, class_name, id) as keywords."""
    if len(args) > len(names):
        raise NotImplementedError('Object.please call with %d positional arguments is not implemented by sockgen' % len(args))
    merged = dict(zip(names, args))
    merged.update(kwargs)
    return merged


def _id(id, pk, kwargs):
    kwargs.pop('instance_name', None)
    if kwargs:
        raise NotImplementedError('looking an object up by %s is not implemented by sockgen (by id only)' % ', '.join(sorted(kwargs)))
    value = id if id is not None else pk
    if value is None:
        raise SyncanoValueError('id is required')
    return value


class _PleaseDescriptor(object):
    def __get__(self, instance, owner):
        if instance is not None:
            raise AttributeError("Manager isn't accessible via Object instances.")
        return ObjectManager()


class Object(object):
    """One data object: its fields as attributes (and items), `id`, save() and delete()."""

    please = _PleaseDescriptor()
    DoesNotExist = SyncanoDoesNotExist

    def __init__(self, class_name=None, **fields):
        self.__dict__['class_name'] = class_name
        self.__dict__['id'] = fields.pop('id', None)
        for key, value in fields.items():
            self.__dict__[key] = value

    def to_native(self):
        return dict((key, value) for key, value in self.__dict__.items() if key not in ('class_name',))

    def __getitem__(self, key):
        return self.__dict__[key]

    def get(self, key, default=None):
        return self.__dict__.get(key, default)

    def _data(self):
        return dict((key, value) for key, value in self.__dict__.items() if key not in _SYSTEM)

    def save(self, **kwargs):
        manager = ObjectManager(class_name=self.class_name)
        record = manager.create(**self._data()) if self.id is None else manager.update(id=self.id, data=self._data())
        self.__dict__.update(record.__dict__)
        return self

    def delete(self, **kwargs):
        ObjectManager(class_name=self.class_name).delete(id=self.id)

    def __repr__(self):
        return '<Object: %s %s>' % (self.class_name, self.id)
