import ArgumentParser
import Foundation
import GRDBSQLite

/// Synchronous on purpose: the ORM measures open synchronous sessions, which must not run on a Swift task
/// (PONY003 traps that when checks are on). Async measures start their own tasks and wait for them.
@main
struct PonyBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pony-bench",
        abstract: "Measures pony-lint and the Pony ORM against their peers and floors, in one run.",
        discussion: """
            Every number is a ratio against a baseline measured in the same run. Benchmarks/run.sh builds this
            in release mode, prepares the corpora and runs `pony-bench all`, which writes RESULTS.md.
            """,
        subcommands: [AllCommand.self, ORMCommand.self, PostgresCommand.self, LintCommand.self, AsyncCommand.self,
                      GenerateDenseCommand.self, ORMOnceCommand.self, PostgresOnceCommand.self, FloorOnceCommand.self])

    /// This executable, for the measures that run it again as a child (`orm-once`, `floor-once`).
    static func executablePath() throws -> String {
        try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    }
}

/// Sizes shared by the commands that run ORM work.
struct ORMOptions: ParsableArguments {
    @Option(help: "Rows per ORM measure.") var rows = 100_000
    @Option(help: "Timed rounds per measure and contender (the median is reported).") var rounds = 5
}

/// Where the linter measures find their programs and corpora.
struct LintOptions: ParsableArguments {
    func validate() throws {
        for (option, path) in [("--pony-lint", ponyLint), ("--swift-format", swiftFormat)] {
            if let path, !FileManager.default.isExecutableFile(atPath: path) {
                throw ValidationError("\(option) '\(path)' is not an executable file")
            }
        }
    }

    @Option(help: "The real corpus: a folder of Swift packages.") var corpus: String?
    @Option(help: "The session-dense corpus (see generate-dense).") var dense: String?
    @Option(help: "The cache corpus: a large folder of Swift packages (Benchmarks/run.sh: every package of the mirror at its newest tag).")
    var cacheCorpus: String?
    @Option(help: "The pony-lint executable to measure.") var ponyLint: String?
    @Option(help: "The swift-format executable to compare with (left out when not given).") var swiftFormat: String?
    @Option(help: "pony-lint without debug info, for the dense corpus's instruction counts (with --valgrind).")
    var callgrindPonyLint: String?

    /// What the dense corpus's instruction counts need, when all of it is given.
    func callgrind(valgrind: String?, ponyBench: String?) throws -> LintBenchmark.Callgrind? {
        guard let valgrind, let callgrindPonyLint else { return nil }
        return LintBenchmark.Callgrind(valgrind: valgrind, ponyLint: callgrindPonyLint, ponyBench: try ponyBench ?? PonyBench.executablePath())
    }
}

struct AllCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "all", abstract: "Runs every measure and writes the results as Markdown.")

    @OptionGroup var orm: ORMOptions
    @OptionGroup var lint: LintOptions
    @Option(help: "Concurrent tasks in the async bridge measure.") var tasks = 1_000
    @Option(help: "Rows for the callgrind instruction counts (valgrind runs ~50× slower).") var callgrindRows = 20_000
    @Option(help: "valgrind, for instruction counts (left out when not given).") var valgrind: String?
    @Option(help: "The pony-bench that callgrind runs (a copy without debug info; default: this one).") var callgrindExecutable: String?
    @Option(help: "A PostgreSQL server for the PostgreSQL measures (left out when not given).") var postgresURL: String?
    @Option(help: "How the run was started, quoted in the results.") var command = "pony-bench all"
    @Option(help: "The Swift toolchain, quoted in the results (e.g. the first line of `swift --version`).") var toolchain = "Swift"
    @Option(name: .shortAndLong, help: "Write the Markdown here instead of standard output.") var output: String?

    func validate() throws {
        if let valgrind, !FileManager.default.isExecutableFile(atPath: valgrind) {
            throw ValidationError("--valgrind '\(valgrind)' is not an executable file")
        }
    }

    func run() throws {
        let scratch = try ScratchFolder()
        var notes: [String] = []
        var rows: [Comparison] = []
        if let ponyLint = lint.ponyLint {
            var benchmark = LintBenchmark(ponyLint: ponyLint, swiftFormat: lint.swiftFormat, rounds: orm.rounds)
            benchmark.callgrind = try lint.callgrind(valgrind: valgrind, ponyBench: callgrindExecutable)
            if let corpus = lint.corpus {
                log("lint: real corpus")
                rows += try benchmark.realCorpus(SourceCorpus(root: corpus), notes: &notes)
            } else {
                notes.append("No real corpus was given (the mirror /opt/swift-packages is missing?): measure 1 is left out.")
            }
            if let dense = lint.dense {
                log("lint: session-dense corpus")
                rows += try benchmark.denseCorpus(SourceCorpus(root: dense))
            }
            if let cacheCorpus = lint.cacheCorpus {
                log("lint: result cache")
                rows += try benchmark.cache(SourceCorpus(root: cacheCorpus))
            }
        } else {
            notes.append("No pony-lint was given: the lint measures are left out.")
        }
        log("orm: \(orm.rows) rows, \(orm.rounds) rounds")
        rows += try ORMBenchmark(workload: Workload(rows: orm.rows), rounds: orm.rounds, folder: scratch.path).comparisons()
        log("async bridge: \(tasks) tasks")
        rows += try AsyncBridgeBenchmark(tasks: tasks, rounds: orm.rounds, folder: scratch.path).comparisons()
        if let postgresURL {
            rows += try PostgresBenchmark(
                server: PostgresServer(url: postgresURL), workload: Workload(rows: orm.rows), rounds: orm.rounds, tasks: tasks
            ).comparisons()
        } else {
            notes.append("No PostgreSQL server was given (--postgres-url): the PostgreSQL measures are left out.")
        }
        let outOfProcess = OutOfProcessBenchmark(bench: try PonyBench.executablePath(), workload: Workload(rows: orm.rows))
        log("memory")
        rows += try outOfProcess.memory()
        if let valgrind {
            log("callgrind: \(callgrindRows) rows")
            rows += try OutOfProcessBenchmark(bench: callgrindExecutable ?? outOfProcess.bench, workload: Workload(rows: callgrindRows))
                .instructions(valgrind: valgrind, scratch: scratch.path)
        } else {
            notes.append("valgrind was not given (run.sh gives it when installed, --quick never does): no instruction counts.")
        }
        notes.append("ORM: Pony's join runs through its raw-SQL API (`db.select(sql:arguments:)`); Pony has no join builder yet.")
        let machine = ResultsDocument.describeMachine(toolchain: toolchain, sqliteVersion: String(cString: sqlite3_libversion()))
        let date = Date().formatted(.iso8601.year().month().day())
        let document = ResultsDocument(comparisons: rows, command: command, machine: machine, date: date, notes: notes).markdown()
        if let output {
            try document.write(toFile: output, atomically: true, encoding: .utf8)
            log("wrote \(output)")
        } else {
            print(document)
        }
    }
}

struct PostgresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postgres", abstract: "Pony and postgres-nio vs raw libpq on a PostgreSQL server, and the bridge's pool under load.")

    @OptionGroup var orm: ORMOptions
    @Option(help: "The server: a libpq URL (its schemas bench_* are dropped and created).") var url: String
    @Option(help: "Concurrent tasks in the bridge measure.") var tasks = 1_000

    func run() throws {
        let rows = try PostgresBenchmark(server: PostgresServer(url: url), workload: Workload(rows: orm.rows), rounds: orm.rounds, tasks: tasks)
            .comparisons()
        print(ResultsDocument(comparisons: rows, command: "pony-bench postgres", machine: "this machine", date: "now", notes: []).markdown())
    }
}

struct ORMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orm", abstract: "ORM vs raw SQLite vs GRDB, and Pony's runtime-check overhead.")

    @OptionGroup var orm: ORMOptions
    @Option(name: .customLong("measure"), help: "Only this measure (repeatable): \(ORMMeasure.allCases.map(\.rawValue).joined(separator: ", ")).")
    var measures: [ORMMeasure] = []

    func run() throws {
        let scratch = try ScratchFolder()
        let rows = try ORMBenchmark(
            workload: Workload(rows: orm.rows), rounds: orm.rounds, folder: scratch.path,
            measures: measures.isEmpty ? ORMMeasure.allCases : measures
        ).comparisons()
        print(ResultsDocument(comparisons: rows, command: "pony-bench orm", machine: "this machine", date: "now", notes: []).markdown())
    }
}

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint", abstract: "pony-lint vs swift-format and the read/parse floors.")

    @OptionGroup var lint: LintOptions
    @Option(help: "Runs per measure (the median is reported).") var rounds = 5
    @Option(help: "valgrind, for instruction counts (left out when not given).") var valgrind: String?
    @Option(help: "The pony-bench that callgrind runs (a copy without debug info; default: this one).") var callgrindExecutable: String?

    func validate() throws {
        guard lint.ponyLint != nil else { throw ValidationError("--pony-lint is required") }
        guard lint.corpus != nil || lint.dense != nil || lint.cacheCorpus != nil else {
            throw ValidationError("give --corpus, --dense, --cache-corpus or several")
        }
    }

    func run() throws {
        var benchmark = LintBenchmark(ponyLint: lint.ponyLint!, swiftFormat: lint.swiftFormat, rounds: rounds)
        benchmark.callgrind = try lint.callgrind(valgrind: valgrind, ponyBench: callgrindExecutable)
        var notes: [String] = []
        var rows: [Comparison] = []
        if let corpus = lint.corpus { rows += try benchmark.realCorpus(SourceCorpus(root: corpus), notes: &notes) }
        if let dense = lint.dense { rows += try benchmark.denseCorpus(SourceCorpus(root: dense)) }
        if let cacheCorpus = lint.cacheCorpus { rows += try benchmark.cache(SourceCorpus(root: cacheCorpus)) }
        print(ResultsDocument(comparisons: rows, command: "pony-bench lint", machine: "this machine", date: "now", notes: notes).markdown())
    }
}

struct AsyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "async", abstract: "Pony's async session bridge vs GRDB's async write under concurrent load.")

    @Option(help: "Concurrent tasks.") var tasks = 1_000
    @Option(help: "Rounds (the median is reported).") var rounds = 5

    func run() throws {
        let scratch = try ScratchFolder()
        let rows = try AsyncBridgeBenchmark(tasks: tasks, rounds: rounds, folder: scratch.path).comparisons()
        print(ResultsDocument(comparisons: rows, command: "pony-bench async", machine: "this machine", date: "now", notes: []).markdown())
    }
}

struct GenerateDenseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-dense", abstract: "Writes the session-dense corpus (every file opens sessions).")

    @Option(help: "How many files.") var files = 2_600
    @Option(help: "Approximate size of each file, in bytes.") var bytesPerFile = 16_500
    @Option(name: .shortAndLong, help: "The folder to write (emptied first).") var output: String

    func validate() throws {
        guard files > 0, bytesPerFile > 0 else { throw ValidationError("--files and --bytes-per-file must be positive") }
    }

    func run() throws {
        try DenseCorpus(files: files, bytesPerFile: bytesPerFile).write(to: output)
    }
}

struct ORMOnceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orm-once", abstract: "Runs one ORM measure once (for peak memory and callgrind).", shouldDisplay: false)

    @Option var contender: ContenderName
    @Option var measure: ORMMeasure
    @Option var storage: Storage = .memory
    @Option var rows = 100_000

    func run() throws {
        print(try ORMOnce(contender: contender, measure: measure, storage: storage, workload: Workload(rows: rows)).run())
    }
}

struct PostgresOnceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postgres-once", abstract: "Runs one PostgreSQL measure once (for callgrind).", shouldDisplay: false)

    @Option var contender: ContenderName
    @Option var measure: ORMMeasure
    @Option var rows = 100_000
    @Option(help: "The server: a libpq URL (its schemas bench_* are dropped and created).") var url: String

    func validate() throws {
        guard PostgresServer.measures.contains(measure) else {
            throw ValidationError("\(measure.rawValue) is measured on SQLite only; PostgreSQL measures: \(PostgresServer.measures.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        print(try PostgresOnce(contender: contender, measure: measure, server: PostgresServer(url: url), workload: Workload(rows: rows)).run())
    }
}

struct FloorOnceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "floor-once",
        abstract: "Runs one lint floor once over the files listed in a file, in this fresh process; prints its count.",
        shouldDisplay: false)

    @Option var floor: LintFloors.Kind
    @Option(help: "A file holding one source path per line.") var files: String

    func run() throws {
        let paths = try String(contentsOfFile: files, encoding: .utf8).split(separator: "\n").map(String.init)
        print(try LintFloors(files: paths).measure(floor))
    }
}

/// Progress on standard error, so standard output stays the document.
func log(_ message: String) {
    FileHandle.standardError.write(Data("pony-bench: \(message)\n".utf8))
}
