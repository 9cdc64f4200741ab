import SwiftSyntaxMacrosGenericTestSupport
import Testing

@Suite("@_PonyAttribute expansion")
struct AttributeMacroTests {
    @Test func givesARequiredAttributeAnInitAccessorAndUninitializedStorage() {
        assertExpansion(
            """
            final class A {
                @_PonyAttribute(column: 0) var name: String
            }
            """,
            expandedSource: """
            final class A {
                var name: String {
                    @storageRestrictions(initializes: _name)
                    init(initialValue) {
                        _name = _PonyStorage_name(initialValue: initialValue)
                    }
                    get {
                        _name.get(in: self, attribute: "name", column: 0)
                    }
                    set {
                        _name.set(newValue, in: self, attribute: "name", column: 0)
                    }
                }

                typealias _PonyStorage_name = Pony._AttributeStorage<String>

                @exclusivity(unchecked) private var _name: _PonyStorage_name
            }
            """)
    }

    @Test func passesItsColumnNumberToTheStorage() {
        assertExpansion(
            """
            final class A {
                var id: String
                var pets: [Pet]
                var name: String
                @_PonyAttribute(column: 1) var age: Int
            }
            """,
            expandedSource: """
            final class A {
                var id: String
                var pets: [Pet]
                var name: String
                var age: Int {
                    @storageRestrictions(initializes: _age)
                    init(initialValue) {
                        _age = _PonyStorage_age(initialValue: initialValue)
                    }
                    get {
                        _age.get(in: self, attribute: "age", column: 1)
                    }
                    set {
                        _age.set(newValue, in: self, attribute: "age", column: 1)
                    }
                }

                typealias _PonyStorage_age = Pony._AttributeStorage<Int>

                @exclusivity(unchecked) private var _age: _PonyStorage_age
            }
            """)
    }

    @Test func namesTheStorageOnceWithThePublicEntitysAccessLevel() {
        assertExpansion(
            """
            public final class A {
                @_PonyAttribute(column: 0) var genre: Genre
            }
            """,
            expandedSource: """
            public final class A {
                var genre: Genre {
                    @storageRestrictions(initializes: _genre)
                    init(initialValue) {
                        _genre = _PonyStorage_genre(initialValue: initialValue)
                    }
                    get {
                        _genre.get(in: self, attribute: "genre", column: 0)
                    }
                    set {
                        _genre.set(newValue, in: self, attribute: "genre", column: 0)
                    }
                }

                public typealias _PonyStorage_genre = Pony._AttributeStorage<Genre>

                @exclusivity(unchecked) private var _genre: _PonyStorage_genre
            }
            """)
    }

    @Test func startsAnOptionalAttributeAtNil() {
        assertExpansion(
            """
            final class A {
                @_PonyAttribute(column: 0) var email: String?
            }
            """,
            expandedSource: """
            final class A {
                var email: String? {
                    @storageRestrictions(initializes: _email)
                    init(initialValue) {
                        _email = _PonyStorage_email(initialValue: initialValue)
                    }
                    get {
                        _email.get(in: self, attribute: "email", column: 0)
                    }
                    set {
                        _email.set(newValue, in: self, attribute: "email", column: 0)
                    }
                }

                typealias _PonyStorage_email = Pony._OptionalAttributeStorage<String>

                @exclusivity(unchecked) private var _email: _PonyStorage_email = .init(initialValue: nil as Optional<String>)
            }
            """)
    }

    @Test func keepsADefaultValueInTheStorage() {
        assertExpansion(
            """
            final class A {
                @_PonyAttribute(column: 0) var count: Int = 3
            }
            """,
            expandedSource: """
            final class A {
                var count: Int {
                    @storageRestrictions(initializes: _count)
                    init(initialValue) {
                        _count = _PonyStorage_count(initialValue: initialValue)
                    }
                    get {
                        _count.get(in: self, attribute: "count", column: 0)
                    }
                    set {
                        _count.set(newValue, in: self, attribute: "count", column: 0)
                    }
                }

                typealias _PonyStorage_count = Pony._AttributeStorage<Int>

                @exclusivity(unchecked) private var _count: _PonyStorage_count = .init(initialValue: (3) as Int)
            }
            """)
    }

    @Test func givesAToManyRelationshipNoInitAccessor() {
        assertExpansion(
            """
            final class A {
                @_PonyAttribute var pets: [Pet]
            }
            """,
            expandedSource: """
            final class A {
                var pets: [Pet] {
                    get {
                        _pets.get(in: self, attribute: "pets")
                    }
                    set {
                        _pets.set(newValue, in: self, attribute: "pets")
                    }
                }

                typealias _PonyStorage_pets = Pony._ToManyAttributeStorage<Pet>

                @exclusivity(unchecked) private var _pets: _PonyStorage_pets = .init()
            }
            """)
    }

    @Test func readsOptionalAndArraySpelledAsGenerics() {
        assertExpansion(
            """
            final class A {
                @_PonyAttribute var pets: Array<Pet>
            }
            """,
            expandedSource: """
            final class A {
                var pets: Array<Pet> {
                    get {
                        _pets.get(in: self, attribute: "pets")
                    }
                    set {
                        _pets.set(newValue, in: self, attribute: "pets")
                    }
                }

                typealias _PonyStorage_pets = Pony._ToManyAttributeStorage<Pet>

                @exclusivity(unchecked) private var _pets: _PonyStorage_pets = .init()
            }
            """)
    }
}

@Suite("@_PonyEntityInit expansion")
struct EntityInitMacroTests {
    @Test func registersTheObjectAtTheEndAndBeforeEachSuccessfulReturn() {
        assertExpansion(
            """
            final class A {
                @_PonyEntityInit
                init?(name: String) {
                    if name.isEmpty { return nil }
                    let check = { () -> Int in return 1 }
                    if name == "x" { return }
                    self.name = name
                }
            }
            """,
            expandedSource: """
            final class A {
                init?(name: String) {
                    if name.isEmpty {
                        return nil
                    }
                    let check = { () -> Int in
                        return 1
                    }
                    if name == "x" {
                        do {
                            Pony._EntityRuntime.didCreate(self);
                            return
                        }
                    }
                    self.name = name
                    Pony._EntityRuntime.didCreate(self)
                }
            }
            """)
    }
}
