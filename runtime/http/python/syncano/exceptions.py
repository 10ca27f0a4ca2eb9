"""The library's exception classes (syncano.exceptions), as scripts catch them."""


class SyncanoException(Exception):
    """Base of every syncano error."""


class SyncanoValueError(SyncanoException):
    """A value the call cannot take."""


class SyncanoRequestError(SyncanoException):
    """The request failed (here: the host refused it)."""

    def __init__(self, message='', status_code=400):
        super(SyncanoRequestError, self).__init__(message)
        self.status_code = status_code
        self.reason = message


class SyncanoValidationError(SyncanoRequestError):
    """The data does not fit the class schema."""


class SyncanoDoesNotExist(SyncanoException):
    """No record with that id."""
