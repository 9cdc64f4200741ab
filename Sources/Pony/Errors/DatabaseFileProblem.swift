import CSQLite

/// What is wrong with a SQLite database file, in ``PonyError/databaseFile(path:problem:message:sql:)``.
///
/// ```swift
/// do {
///     try db.session { _ = Note(text: text) }
/// } catch PonyError.databaseFile(let path, .full, _, _) {
///     logger.error("out of space for \(path); the note was not saved")
/// }
/// ```
public enum DatabaseFileProblem: String, Sendable, Equatable {
    /// The disk is full, or the file reached its `max_page_count` (SQLITE_FULL).
    case full
    /// The file is damaged (SQLITE_CORRUPT).
    case corrupt
    /// The file is not a SQLite database (SQLITE_NOTADB).
    case notADatabase
    /// The file, or the folder where SQLite keeps its `-wal` and `-shm` files, cannot be written (SQLITE_READONLY).
    case readOnly
    /// The file, or a file SQLite keeps beside it, cannot be opened (SQLITE_CANTOPEN).
    case cannotOpen
    /// Reading or writing the file failed (SQLITE_IOERR).
    case ioError

    /// The problem behind a SQLite primary result code, or nil when it is not about the file.
    init?(sqliteCode code: Int32) {
        switch code & 0xFF {
        case SQLITE_FULL: self = .full
        case SQLITE_CORRUPT: self = .corrupt
        case SQLITE_NOTADB: self = .notADatabase
        case SQLITE_READONLY: self = .readOnly
        case SQLITE_CANTOPEN: self = .cannotOpen
        case SQLITE_IOERR: self = .ioError
        default: return nil
        }
    }

    /// What it means and what to do, for messages.
    var explanation: String {
        switch self {
        case .full: "is full (no space left on its disk, or its max_page_count reached); the session was rolled back and nothing of it was written"
        case .corrupt: "is corrupt; restore it from a backup (PRAGMA integrity_check lists the damage)"
        case .notADatabase: "is not a SQLite database; check the path"
        case .readOnly: "cannot be written: the file, or its folder (SQLite creates the -wal and -shm files beside it), is read-only for this process"
        case .cannotOpen: "cannot be opened: check that the file and its folder exist and this process may read and write them"
        case .ioError: "could not be read or written (an I/O error: a failing disk, or a file changed underneath SQLite)"
        }
    }
}
