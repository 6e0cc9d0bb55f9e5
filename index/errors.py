"""Named errors. The CLI and the bot turn these into one-line messages; anything else is a bug."""


class ReportQAError(Exception):
    """Base class for errors a user can fix; str(e) is the one-line message."""


class ConfigError(ReportQAError):
    """The configuration file or an option is invalid."""


class UnreadableFile(ReportQAError):
    """A report file cannot be read (corrupt, encrypted, empty, scanned, too large, unsupported)."""


class NoIndex(ReportQAError):
    """No index has been built yet at the configured location."""


class ModelNotFound(ReportQAError):
    """The configured embedding model is not available locally."""
