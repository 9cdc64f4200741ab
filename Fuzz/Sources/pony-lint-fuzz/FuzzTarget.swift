import CLibFuzzer
import Foundation
import PonyLintKit

/// The fuzz target. Built with PONY_FUZZ=1 (scripts/fuzz) it runs libFuzzer's driver, which takes libFuzzer's
/// options (`-max_total_time=60 CORPUS_DIR`, see scripts/fuzz) and calls `checkOne(_:)` with each input. Built
/// plainly it replays inputs: `pony-lint-fuzz FILE…` runs each through the same checks, so a crash or a wrong
/// answer libFuzzer saved can be run and debugged without the fuzzing build.
@main
struct FuzzTarget {
    static func main() {
        #if FUZZING
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in
            checkOne(bytes.map { Data(bytes: $0, count: count) } ?? Data())
            return 0
        })
        #else
        replay(Array(CommandLine.arguments.dropFirst()))
        #endif
    }

    static func replay(_ paths: [String]) {
        guard !paths.isEmpty, !paths.contains("--help"), !paths.contains("-h") else {
            print("usage: pony-lint-fuzz FILE…   (runs each input through the fuzz target's checks; scripts/fuzz fuzzes)")
            exit(paths.isEmpty ? 2 : 0)
        }
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("pony-lint-fuzz: \(path): cannot read the file\n".utf8))
                exit(2)
            }
            checkOne(data)
            print("\(path): ok")
        }
    }
}

/// Runs one input through `FuzzCheck`; a wrong answer stops the program, which libFuzzer records as a crash with the
/// input that caused it. A global function: libFuzzer calls it through a C function pointer.
func checkOne(_ data: Data) {
    do {
        try FuzzCheck.run(data)
    } catch {
        FileHandle.standardError.write(Data("pony-lint-fuzz: \(error)\n".utf8))
        abort()
    }
}

#if FUZZING
/// libFuzzer's entry point. Its own `main`, which the link may choose over ``FuzzTarget/main()`` (both start the same
/// driver), calls this with each input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    checkOne(bytes.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}
#endif
