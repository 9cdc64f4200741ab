// The README's Swift snippets, compiled and run by ReadmeExampleTests: each region between
// `// README begin: NAME` and `// README end` is one fenced block of README.md, verbatim.

// README begin: quick start
import Pony

@Entity final class Person {
    var name: String
    var age: Int
    var email: String?                 // optional attribute → nullable column
    init(name: String, age: Int) { self.name = name; self.age = age }
}

let db = Database()
try db.bind(.sqlite(path: ":memory:"))  // or .sqlite(path: "app.sqlite", create: true)
try db.generateMapping([Person.self], createTables: true)

try db.session {                        // PonyORM: `with db_session:`
    let ann = Person(name: "Ann", age: 31)   // inserted when the session commits
    ann.age += 1                             // changes are tracked and flushed
    _ = Person(name: "Bob", age: 17)
}                                       // commits here; a throw rolls everything back

let adults = try db.session {
    try Person.select(#Predicate { $0.age >= 18 }).order(by: \.name).snapshots()
}
print(adults.map(\.name))               // ["Ann"]

func adultCount() async throws -> Int { // async code uses the bridge: no blocking, no await inside
    try await db.session { try Person.select(#Predicate { $0.age >= 18 }).count() }
}
print(try await adultCount())           // 1
// README end

// The README's other snippets, each in the file named after it.
try runAttributeTypesExample()
try runQueriesExample()
try runManyToManyExample()
try runCompositeIndexesExample()
try runCompositeKeysExample()
try runHooksExample()
try await runSuppressionExample()
runRuntimeChecksExample()
try await runRetryAndSQLLogExample()
try runMigrationsExample()
try await runPostgreSQLExample()
