extension SessionCache {
    /// The object with primary key `id`: from the identity map, else from one cached SELECT. A new object with a
    /// declared key is found too: pending INSERTs are written first (a generated key exists only once written).
    func fetch<E: Entity>(_ type: E.Type, id: E.ID) throws -> E? {
        let mapping = try E._ponyEntity.requireMapping()
        return try fetch(E.self, id: id, mapping: mapping, map: identityMap(for: mapping))
    }

    /// Like ``fetch(_:id:)``, with the entity's mapping and this cache's identity map for it already looked up.
    func fetch<E: Entity>(_ type: E.Type, id: E.ID, mapping: EntityMapping, map: IdentityMap) throws -> E? {
        var missed: RowIDTable.Miss?
        if mapping.hasGeneratedID {
            // The slot the lookup stopped at is handed to the insert of the row read below, sparing it a probe.
            let rowID = IdentityMap.rowID(id)
            let found = map.lookUp(rowID: rowID)
            if let object = found.object { return unsafeDowncast(object, to: E.self) }
            missed = RowIDTable.Miss(rowID: rowID, vacancy: found.vacancy)
        } else {
            if let object = map.object(E.self, id: id) { return object }
            if !pendingInserts.isEmpty {
                try flush()
                if let object = map.object(E.self, id: id) { return object }
            }
        }
        // The closure returns `AnyObject?`, not `E?`: a generic `exclusively<E?>` looked up Optional<E>'s metadata on
        // every fetch.
        let object = try withActiveConnection { connection in
            try connection.withStatement(.selectByID, of: mapping) { statement -> AnyObject? in
                if mapping.hasGeneratedID {
                    statement.binding.bind(integer: IdentityMap.rowID(id), at: 1)
                } else {
                    var writer = RowWriter(statement)
                    writer.writeKey(id)
                }
                guard try statement.step() else { return nil }
                return try materialize(E.self, from: statement, mapping: mapping, map: map, knownMissing: true, missed: missed)
            }
        }
        guard let object else { return nil }
        return unsafeDowncast(object, to: E.self)
    }

    /// Runs a SELECT of `E`'s columns and returns one object per row, reusing objects already in the session.
    /// Pending changes are flushed first, so the query sees them.
    func fetchAll<E: Entity>(_ type: E.Type, sql: String, arguments: SQLArguments) throws -> [E] {
        try flush()
        let mapping = try E._ponyEntity.requireMapping()
        let map = identityMap(for: mapping)
        return try activeConnection().statement(sql).exclusively { statement in
            try statement.bind(arguments)
            // Collected as `[AnyObject]`: appending to `[E]` in this unspecialized generic code looked up the
            // array's type metadata on every row (7% of a fetch). Every element is an `E` (`materialize` returns
            // one), so the buffer is reinterpreted without `as! [E]`'s check of each element.
            var objects: [AnyObject] = []
            guard try statement.step() else { return [] }
            if let rows = statement.bufferedRowCount {
                objects.reserveCapacity(rows)
                map.reserveCapacity(adding: rows)
            }
            repeat {
                objects.append(try materialize(E.self, from: statement, mapping: mapping, map: map))
            } while try statement.step()
            return objects.reinterpreted(as: E.self)
        }
    }

    /// Like ``fetchAll(_:sql:arguments:)``, for a SELECT of `E`'s columns and then the key of an `Owner` already in
    /// the session (a many-to-many prefetch's link column): returns each object with its owner, or `nil` for an owner
    /// the session does not hold. Concrete containers only: this runs unspecialized for every prefetched row.
    func fetchAll<E: Entity, Owner: Entity>(
        _ type: E.Type, sql: String, arguments: SQLArguments, ownedBy owner: Owner.Type
    ) throws -> [(object: AnyObject, owner: AnyObject?)] {
        try flush()
        let mapping = try E._ponyEntity.requireMapping()
        let ownerMapping = try Owner._ponyEntity.requireMapping()
        let map = identityMap(for: mapping)
        let owners = identityMap(for: ownerMapping)
        let ownerColumn = Int32(mapping.columns.count)
        return try activeConnection().statement(sql).exclusively { statement in
            try statement.bind(arguments)
            var rows: [(object: AnyObject, owner: AnyObject?)] = []
            while try statement.step() {
                let object: AnyObject = try materialize(E.self, from: statement, mapping: mapping, map: map)
                let column = statement.column(ownerColumn)
                let owner = ownerMapping.hasGeneratedID
                    ? owners.object(rowID: column.integer)
                    : owners.object(Owner.self, id: try Owner.ID._ponyDecode(from: column))
                rows.append((object, owner))
            }
            return rows
        }
    }

    /// Runs a query after flushing and returns its rows as values, in column order; `columns` receives the
    /// column names (read after the first row: a PostgreSQL statement knows them once it has run).
    func rows(
        sql: String, arguments: SQLArguments, cached: Bool = true, columns: ((Statement) -> Void)? = nil
    ) throws -> [[DatabaseValue]] {
        try flush()
        return try activeConnection().statement(sql, cached: cached).exclusively { statement in
            try statement.bind(arguments)
            var rows: [[DatabaseValue]] = []
            while try statement.step() {
                if rows.isEmpty { columns?(statement) }
                rows.append((0..<statement.columnCount).map { statement.column($0).databaseValue })
            }
            return rows
        }
    }

    /// Runs a query returning one value, such as `COUNT(*)`, after flushing.
    func scalar(sql: String, arguments: SQLArguments) throws -> DatabaseValue {
        try flush()
        let statement = try activeConnection().statement(sql)
        defer { statement.reset() }
        try statement.bind(arguments)
        guard try statement.step() else { return .null }
        return statement.column(0).databaseValue
    }

    /// Runs a statement that changes rows (bulk UPDATE/DELETE, raw SQL) after flushing; returns the change count.
    func execute(sql: String, arguments: SQLArguments, cached: Bool = true) throws -> Int {
        try flush()
        let statement = try activeConnection().statement(sql, cached: cached)
        defer { statement.reset() }
        try statement.bind(arguments)
        try statement.run()
        relationshipVersion += 1
        return statement.changedRowCount
    }

    /// The object for the current row: the session's existing object for that key, or a new one read from
    /// the row's columns. `knownMissing`: the caller has looked the key up and not found it; `missed`, where
    /// its lookup stopped (used when the row has that row ID).
    private func materialize<E: Entity>(
        _ type: E.Type, from statement: Statement, mapping: EntityMapping, map: IdentityMap, knownMissing: Bool = false,
        missed: RowIDTable.Miss? = nil
    ) throws -> E {
        if mapping.hasGeneratedID {
            let rowID = statement.column(0).integer
            var vacancy = RowIDTable.Vacancy.none
            if let missed, missed.rowID == rowID {
                vacancy = missed.vacancy
            } else if !knownMissing {
                let found = map.lookUp(rowID: rowID)
                if let existing = found.object {
                    let object = unsafeDowncast(existing, to: E.self)
                    try checkRepeatableRead(object, row: statement, mapping: mapping)
                    return object
                }
                vacancy = found.vacancy
            }
            let object = try decode(E.self, from: statement, mapping: mapping, key: rowID, autoID: rowID)
            map.insert(object, rowID: rowID, at: vacancy)
            return object
        }
        let id: E.ID
        do {
            id = try E.ID._ponyDecode(from: statement.column(0))
        } catch {
            throw decodingError(error, entity: mapping.name, key: nil, column: mapping.keyColumns.joined(separator: ", "))
        }
        if !knownMissing, let existing = map.object(E.self, id: id) {
            try checkRepeatableRead(existing, row: statement, mapping: mapping)
            return existing
        }
        let object = try decode(E.self, from: statement, mapping: mapping, key: id)
        map.insert(object)
        return object
    }

    /// PonyORM's repeatable-read check: a row read again must hold, in every column the session read of the
    /// object (but `Double` and volatile ones), the value the session saw. Free for objects whose attributes
    /// were not read, which is every object a query only passes through. Queries flush first, so the object
    /// has no unwritten changes: what the session saw is what it holds.
    @inline(__always)
    private func checkRepeatableRead<E: Entity>(_ object: E, row statement: Statement, mapping: EntityMapping) throws {
        let (readColumns, status) = object._withState { ($0.readColumns, $0.status) }
        let read = readColumns & mapping.checkableColumns
        guard read != 0, status == .persistent, isOptimistic else { return }
        let changed = try CapturedRow(object, replacing: nil).changedColumns(read, of: mapping) { column in
            statement.column(Int32(column + mapping.keyColumns.count)).databaseValue
        }
        guard changed.isEmpty else {
            throw PonyError.unrepeatableRead(entity: mapping.name, id: "\(object.id)", changedColumns: changed)
        }
    }

    /// A new object read from the current row's columns, attached to this session.
    private func decode<E: Entity>(
        _ type: E.Type, from statement: Statement, mapping: EntityMapping, key: some Any, autoID: Int64 = 0
    ) throws -> E {
        var reader = RowReader(
            statement, startingAt: mapping.hasGeneratedID ? 1 : 0, cache: self, autoID: autoID)
        let object: E
        do {
            object = try E(_ponyRow: &reader)
        } catch {
            let column = mapping.columns[Int(max(reader.index - 1, 0))]
            throw decodingError(error, entity: mapping.name, key: "\(key)", column: column)
        }
        return object
    }

    private func decodingError(_ error: ColumnDecodingError, entity: String, key: String?, column: String) -> PonyError {
        let row = key.map { "\(entity)[\($0)]" } ?? entity
        return .decoding("column '\(column)' of \(row): \(error)")
    }
}
