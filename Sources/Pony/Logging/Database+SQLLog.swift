extension Database {
    /// Where the SQL this database runs is logged, or nil (the default, unless `PONY_SQL_DEBUG` is set): see
    /// ``SQLLog``. Takes effect at once, for every session, including those running now.
    ///
    /// ```swift
    /// db.sqlLog = SQLLog(showsValues: true)
    /// try db.session { _ = try Person.select { $0.age > 30 }.fetch() }
    /// // debug pony.sql : duration=0.041 ms rows=2 SELECT "id", "name", "age" FROM "Person" WHERE ("age" > 30)
    /// ```
    public var sqlLog: SQLLog? {
        get { sqlLogSwitch.current }
        set { sqlLogSwitch.set(newValue) }
    }
}
