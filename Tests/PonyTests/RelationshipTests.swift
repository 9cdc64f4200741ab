import Foundation
import Pony
import Testing

@Entity final class Owner {
    var name: String
    var pets: [Pet]
    @Relationship(deleteRule: .deny) var cars: [Car]
    init(name: String) { self.name = name }
    init(name: String, pets: [Pet]) {
        self.name = name
        self.pets = pets
    }
}

@Entity final class Pet {
    var name: String
    var owner: Owner?
    init(name: String, owner: Owner?) {
        self.name = name
        self.owner = owner
    }
}

@Entity final class Car {
    var plate: String
    var owner: Owner
    init(plate: String, owner: Owner) {
        self.plate = plate
        self.owner = owner
    }
}

@Entity final class Team {
    var name: String
    var members: [Member]
    init(name: String) { self.name = name }
}

@Entity final class Member {
    var name: String
    var team: Team
    init(name: String, team: Team) {
        self.name = name
        self.team = team
    }
}

@Suite("Relationships", .serialized, .syncSessionsInTests)
final class RelationshipTests {
    let db: Database

    init() throws {
        db = try makeDatabase([Owner.self, Pet.self, Car.self, Team.self, Member.self])
    }

    deinit {
        try? db.disconnect()
    }

    @Test func aToOneIsStoredAsAForeignKeyAndLoadedLazily() throws {
        let petID = try db.session {
            let ann = Owner(name: "Ann")
            return Pet(name: "Rex", owner: ann).id
        }
        let ownerName = try db.session { try Pet[petID].owner?.name }
        #expect(ownerName == "Ann")
        let rows = try db.session { try db.select(sql: "SELECT owner FROM \"Pet\"") }
        #expect(rows.map { $0["owner"] } == [.integer(1)])
    }

    @Test func aToOneResolvesToTheSessionsObjectForThatRow() throws {
        try db.session {
            let ann = Owner(name: "Ann")
            _ = Pet(name: "Rex", owner: ann)
        }
        let same = try db.session {
            let pet = try Pet.select().first()!
            return pet.owner === (try Owner.select().first()!)
        }
        #expect(same)
    }

    @Test func aToManyListsTheObjectsPointingBack() throws {
        let names = try db.session {
            let ann = Owner(name: "Ann")
            _ = Pet(name: "Rex", owner: ann)
            _ = Pet(name: "Tom", owner: ann)
            _ = Pet(name: "Stray", owner: nil)
            return ann.pets.map(\.name)
        }
        #expect(names == ["Rex", "Tom"])
    }

    @Test func aToManyFollowsChangesMadeInTheSameSession() throws {
        let (before, after) = try db.session {
            let ann = Owner(name: "Ann")
            let bob = Owner(name: "Bob")
            let rex = Pet(name: "Rex", owner: ann)
            let before = ann.pets.map(\.name)
            rex.owner = bob
            return (before, (ann.pets.map(\.name), bob.pets.map(\.name)))
        }
        #expect(before == ["Rex"])
        #expect(after.0 == [] && after.1 == ["Rex"])
    }

    @Test func assigningAToManyUpdatesTheOtherSide() throws {
        let owners = try db.session {
            let ann = Owner(name: "Ann")
            let rex = Pet(name: "Rex", owner: nil)
            let tom = Pet(name: "Tom", owner: ann)
            ann.pets = [rex]
            return (rex.owner?.name, tom.owner?.name)
        }
        #expect(owners.0 == "Ann")
        #expect(owners.1 == nil)
    }

    @Test func anInitializerMayAssignAToMany() throws {
        let names = try db.session {
            let strays = [Pet(name: "Rex", owner: nil), Pet(name: "Tom", owner: nil)]
            let ann = Owner(name: "Ann", pets: strays)
            #expect(strays.allSatisfy { $0.owner === ann })
            return ann.pets.map(\.name)
        }
        #expect(names == ["Rex", "Tom"])
        #expect(try db.session { try Pet.select(#Predicate { $0.owner?.id != nil }).count() } == 2)
    }

    @Test func deletingNullifiesOptionalReferencesByDefault() throws {
        try db.session {
            let ann = Owner(name: "Ann")
            _ = Pet(name: "Rex", owner: ann)
        }
        try db.session { try Owner.select().first()!.delete() }
        let pet = try db.session { try Pet.select().first()!.snapshot() }
        #expect(pet.owner == nil)
    }

    @Test func deletingCascadesToRequiredReferencesByDefault() throws {
        try db.session {
            let red = Team(name: "Red")
            _ = Member(name: "Ann", team: red)
            _ = Member(name: "Bob", team: red)
        }
        try db.session { try Team.select().first()!.delete() }
        #expect(try db.session { try Member.count() } == 0)
    }

    @Test func deletingIsRefusedByTheDenyRule() throws {
        try db.session {
            let ann = Owner(name: "Ann")
            _ = Car(plate: "B-1", owner: ann)
        }
        #expect {
            try db.session { try Owner.select().first()!.delete() }
        } throws: { error in
            guard case PonyError.constraintViolation(let message, _) = error else { return false }
            return message.contains("1 Car object(s) in Owner.cars still refer to it")
        }
        #expect(try db.session { try Owner.count() } == 1)
    }

    @Test func aNewObjectReferencedBeforeItIsInsertedIsInsertedFirst() throws {
        let names = try db.session {
            let pet = Pet(name: "Rex", owner: nil)
            let ann = Owner(name: "Ann")
            pet.owner = ann
            try db.flush()
            return try Pet.select().fetch().map { $0.owner?.name }
        }
        #expect(names == ["Ann"])
    }

    @Test func aRequiredToOneCanBeFilteredByItsID() throws {
        let (red, blue) = try db.session {
            let red = Team(name: "Red")
            let blue = Team(name: "Blue")
            _ = Member(name: "Ann", team: red)
            _ = Member(name: "Bob", team: blue)
            return (red.id, blue.id)
        }
        let names = try db.session { try Member.select(#Predicate { $0.team.id == red }).fetch().map(\.name) }
        #expect(names == ["Ann"])
        _ = blue
    }

    @Test func aSnapshotHoldsTheRelatedID() throws {
        let snapshot = try db.session {
            let red = Team(name: "Red")
            return try Member(name: "Ann", team: red).snapshot()
        }
        #expect(snapshot.team == 1)
        #expect(snapshot.name == "Ann")
    }
}

@Suite("Relationship mapping errors", .serialized, .syncSessionsInTests)
struct RelationshipMappingTests {
    @Test func aTargetMustBeMappedToo() throws {
        let db = Database()
        try db.bind(.sqlite(path: ":memory:"))
        #expect(throws: PonyError.mapping("Pet.owner refers to Owner, which is not mapped to this database; add Owner.self to generateMapping")) {
            try db.generateMapping([Pet.self], createTables: true)
        }
    }
}
