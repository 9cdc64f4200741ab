import SwiftSyntaxMacrosGenericTestSupport
import Testing

@Suite("@_PonyAttribute expansion")
struct AttributeMacroTests {
    @Test func givesARequiredAttributeAnInitAccessorAndUninitializedStorage() {
        assertExpansion(
            """
            final class A {
                @_PonyAttribute var name: String
            }
            """,
            expandedSource: """
            final class A {
                var name: String {
                    @storageRestrictions(initializes: _name)
                    init(initialValue) {
                        _name = .init(initialValue: initialValue)
                    }
                    get {
                        _name.get(in: self, attribute: "name")
                    }
                    set {
                        _name.set(newValue, in: self, attribute: "name")
                    }
                }

                @exclusivity(unchecked) private var _name: String.PonyStorage
            }
            """)
    }

    @Test func startsAnOptionalAttributeAtNil() {
        assertExpansion(
            """
            final class A {
                @_PonyAttribute var email: String?
            }
            """,
            expandedSource: """
            final class A {
                var email: String? {
                    @storageRestrictions(initializes: _email)
                    init(initialValue) {
                        _email = .init(initialValue: initialValue)
                    }
                    get {
                        _email.get(in: self, attribute: "email")
                    }
                    set {
                        _email.set(newValue, in: self, attribute: "email")
                    }
                }

                @exclusivity(unchecked) private var _email: String.PonyOptionalStorage = .init(initialValue: nil)
            }
            """)
    }

    @Test func keepsADefaultValueInTheStorage() {
        assertExpansion(
            """
            final class A {
                @_PonyAttribute var count: Int = 3
            }
            """,
            expandedSource: """
            final class A {
                var count: Int {
                    @storageRestrictions(initializes: _count)
                    init(initialValue) {
                        _count = .init(initialValue: initialValue)
                    }
                    get {
                        _count.get(in: self, attribute: "count")
                    }
                    set {
                        _count.set(newValue, in: self, attribute: "count")
                    }
                }

                @exclusivity(unchecked) private var _count: Int.PonyStorage = .init(initialValue: 3)
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

                @exclusivity(unchecked) private var _pets: Pet.PonyToManyStorage = .init()
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

                @exclusivity(unchecked) private var _pets: Pet.PonyToManyStorage = .init()
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
