import CSQLite
import Foundation

/// A statement whose parameters are being bound. Used by ``DatabaseValueConvertible`` fast paths.
///
/// ```swift
/// public func _ponyBind(to statement: StatementBinding, at index: Int32) {
///     statement.bind(integer: amount, at: index)
/// }
/// ```
public struct StatementBinding {
    /// The SQLite statement, called directly; nil for other drivers.
    @usableFromInline let sqlite: OpaquePointer?
    /// Any other driver's statement.
    /// Not retained: these views live only while their statement runs, and the statement holds its backend.
    @usableFromInline unowned(unsafe) let backend: (any StatementBackend)?

    init(sqlite: OpaquePointer?, backend: (any StatementBackend)?) {
        self.sqlite = sqlite
        self.backend = backend
    }

    /// Calls `body` with the statement of a driver other than SQLite: kept out of line, so the SQLite path of
    /// every bind stays a test and a C call.
    @inline(never)
    func other(_ body: (any StatementBackend) -> Void) {
        body(backend!)
    }

    /// Binds a ``DatabaseValue`` to the 1-based parameter `index`.
    public func bind(_ value: DatabaseValue, at index: Int32) {
        switch value {
        case .null: bindNull(at: index)
        case .integer(let value): bind(integer: value, at: index)
        case .real(let value): bind(real: value, at: index)
        case .text(let value): bind(text: value, at: index)
        case .blob(let value): bind(blob: value, at: index)
        }
    }

    public func bind(integer value: Int64, at index: Int32) {
        if let sqlite { sqlite3_bind_int64(sqlite, index, value) } else { other { $0.bind(integer: value, at: index) } }
    }

    public func bind(real value: Double, at index: Int32) {
        if let sqlite { sqlite3_bind_double(sqlite, index, value) } else { other { $0.bind(real: value, at: index) } }
    }

    public func bindNull(at index: Int32) {
        if let sqlite { sqlite3_bind_null(sqlite, index) } else { other { $0.bindNull(at: index) } }
    }

    /// A boolean: SQLite's INTEGER 0 or 1, PostgreSQL's `boolean`.
    public func bind(bool value: Bool, at index: Int32) {
        if let sqlite { sqlite3_bind_int64(sqlite, index, value ? 1 : 0) } else { other { $0.bind(bool: value, at: index) } }
    }

    /// A point in time: SQLite's REAL seconds since 1970, PostgreSQL's `timestamptz`.
    public func bind(date value: Date, at index: Int32) {
        if let sqlite {
            sqlite3_bind_double(sqlite, index, value.timeIntervalSince1970)
        } else {
            other { $0.bind(date: value, at: index) }
        }
    }

    public func bind(text value: String, at index: Int32) {
        guard let sqlite else { return other { $0.bind(text: value, at: index) } }
        var value = value
        value.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { characters in
                if let start = characters.baseAddress {
                    _ = pony_bind_text(sqlite, index, start, Int32(characters.count))
                } else {
                    _ = pony_bind_text(sqlite, index, "", 0)
                }
            }
        }
    }

    public func bind(blob value: Data, at index: Int32) {
        guard let sqlite else { return other { $0.bind(blob: value, at: index) } }
        value.withUnsafeBytes { bytes in
            _ = pony_bind_blob(sqlite, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, Int32(bytes.count))
        }
    }
}
