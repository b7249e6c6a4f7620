import ControlClient
import Foundation
import Glibc
import Hummingbird
@testable import KioskShell
import Logging
import ServiceLifecycle
import Testing

struct StatusBody: ResponseCodable, Equatable {
    let state: String
    let unfinished: Int
}

struct RefillBody: ResponseCodable, Equatable {
    let location: String
    let pieces: [String: Int]
}

/// The control routes a test server offers: JSON out, JSON echoed back, and a chunked body.
func controlTestRouter() -> Router<BasicRequestContext> {
    let router = Router()
    router.get("status") { _, _ in StatusBody(state: "in_service", unfinished: 0) }
    router.post("refill") { request, context in try await request.decode(as: RefillBody.self, context: context) }
    router.get("chunked") { _, _ in
        Response(status: .ok, body: ResponseBody { writer in
            for part in ["one ", "two ", "three"] { try await writer.write(ByteBuffer(string: part)) }
            try await writer.finish(nil)
        })
    }
    return router
}

/// The group to give the socket: as root, one other than root's own (root's only group is 0), so the
/// chown is a real change; otherwise our own group, the only one we may chown to.
func socketTestGroup() -> (name: String, id: gid_t) {
    if geteuid() == 0 {
        for name in ["users", "adm", "daemon"] {
            if let entry = getgrnam(name) { return (name, entry.pointee.gr_gid) }
        }
    }
    let own = getegid()
    return (getgrgid(own).map { String(cString: $0.pointee.gr_name) } ?? "\(own)", own)
}

/// Runs a ControlSocketServer for the duration of `body`; rethrows the server's start-up error.
func withControlServer(
    _ settings: ControlSocketServer<BasicRequestContext>.Settings,
    _ body: @Sendable () async throws -> Void
) async throws {
    let (ready, readyContinuation) = AsyncStream<Void>.makeStream()
    let server = ControlSocketServer(router: controlTestRouter(), settings: settings, logger: quietLogger,
                                     onReady: { readyContinuation.yield() })
    let group = ServiceGroup(configuration: .init(services: [server], logger: quietLogger))
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask {
            defer { readyContinuation.finish() }
            try await group.run()
        }
        var iterator = ready.makeAsyncIterator()
        guard await iterator.next() != nil else {
            try await tasks.waitForAll()  // surfaces the start-up error
            throw SocketTestError("the control server stopped before it was ready")
        }
        do { try await body() } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
}

@_silgen_name("setfsuid") private func setFilesystemUID(_ uid: UInt32) -> Int32
@_silgen_name("setfsgid") private func setFilesystemGID(_ gid: UInt32) -> Int32

@Suite(.timeLimit(.minutes(1))) struct ControlSocketTests {
    @Test func clientTalksToServerAndSocketHasModeAndGroup() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("control.sock")
        let group = socketTestGroup()
        try await withControlServer(.init(socketPath: path, mode: 0o660, group: group.name)) {
            var info = stat()
            #expect(lstat(path, &info) == 0)
            #expect(info.st_mode & S_IFMT == S_IFSOCK)
            #expect(info.st_mode & 0o7777 == 0o660)
            #expect(info.st_gid == group.id)

            let client = ControlClient(socketPath: path, timeout: .seconds(5))
            let (status, refill, chunked) = try await onOwnThread {
                (try client.get("/status"), try client.post("/refill", body: RefillBody(location: "hopper-3", pieces: ["100": 50])),
                 try client.get("/chunked"))
            }
            #expect(status.status == 200)
            #expect(try status.decode(StatusBody.self) == StatusBody(state: "in_service", unfinished: 0))
            #expect(refill.status == 200)
            #expect(try refill.decode(RefillBody.self) == RefillBody(location: "hopper-3", pieces: ["100": 50]))
            #expect(chunked.header("transfer-encoding") == "chunked")
            #expect(chunked.bodyText == "one two three")
            let missing = try await onOwnThread { try client.get("/no-such-route") }
            #expect(missing.status == 404)
        }
        #expect(!FileManager.default.fileExists(atPath: path))  // removed at shutdown
    }

    @Test func staleSocketFileIsReplaced() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("control.sock")
        try RawUnixListener(path: path, listening: false).closeSocket()  // what a crashed kioskd leaves
        #expect(FileManager.default.fileExists(atPath: path))
        try await withControlServer(.init(socketPath: path)) {
            let response = try await onOwnThread { try ControlClient(socketPath: path).get("/status") }
            #expect(response.status == 200)
        }
    }

    @Test func missingFolderIsCreated() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("var/kioskd/control.sock")
        try await withControlServer(.init(socketPath: path)) {
            let response = try await onOwnThread { try ControlClient(socketPath: path).get("/status") }
            #expect(response.status == 200)
        }
    }

    @Test func refusesToStartWhileAnotherProcessListens() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("control.sock")
        let other = try RawUnixListener(path: path)
        defer { other.closeSocket() }
        await #expect(throws: ControlSocketError.alreadyInUse(path: path)) {
            try await withControlServer(.init(socketPath: path)) {}
        }
    }

    @Test func refusesToRemoveSomethingThatIsNotASocket() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("control.sock")
        try Data("precious".utf8).write(to: URL(fileURLWithPath: path))
        await #expect(throws: ControlSocketError.notASocket(path: path)) {
            try await withControlServer(.init(socketPath: path)) {}
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious")
    }

    @Test func unknownGroupStopsTheStart() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let error = ControlSocketError.unknownGroup("no-such-kiosk-group")
        await #expect(throws: error) {
            try await withControlServer(.init(socketPath: folder.file("control.sock"), group: "no-such-kiosk-group")) {}
        }
        #expect(error.description
            == "control.group: expected a group that exists on this system, found \"no-such-kiosk-group\" (create it with groupadd)")
    }

    @Test func userOutsideTheGroupIsToldWhichGroupToJoin() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("control.sock")
        let isRoot = geteuid() == 0
        let group = socketTestGroup()
        try await withControlServer(.init(socketPath: path, mode: isRoot ? 0o660 : 0o000, group: group.name)) {
            let outcome = try await onOwnThread { () -> Result<ControlResponse, ControlClientError> in
                // Root passes every permission check; on this thread only, act as "nobody" for file access.
                if isRoot {
                    let (uid, gid) = (setFilesystemUID(65_534), setFilesystemGID(65_534))
                    defer { _ = setFilesystemGID(UInt32(gid)); _ = setFilesystemUID(UInt32(uid)) }
                    return Result { () throws(ControlClientError) in try ControlClient(socketPath: path).get("/status") }
                }
                return Result { () throws(ControlClientError) in try ControlClient(socketPath: path).get("/status") }
            }
            #expect(throws: ControlClientError.permissionDenied(socketPath: path, socketGroup: group.name)) { try outcome.get() }
            #expect(ControlClientError.permissionDenied(socketPath: path, socketGroup: group.name).description
                == "permission denied on \(path): join group '\(group.name)' (sudo usermod -aG \(group.name) $USER, then log in again)")
        }
    }
}

@Suite struct ControlSocketFileTests {
    @Test func refusedChownSaysKioskdMustJoinTheGroup() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("control.sock")
        try RawUnixListener(path: path, listening: false).closeSocket()
        let group = socketTestGroup()
        let isRoot = geteuid() == 0
        let outcome = try await onOwnThread { () -> Result<Void, ControlSocketError> in
            // As "nobody" (file access only, this thread only) we neither own the file nor belong to the group.
            let (uid, gid) = isRoot ? (setFilesystemUID(65_534), setFilesystemGID(65_534)) : (0, 0)
            defer { if isRoot { _ = setFilesystemGID(UInt32(gid)); _ = setFilesystemUID(UInt32(uid)) } }
            return Result { () throws(ControlSocketError) in
                try ControlSocketFile.applyPermissions(path: path, mode: 0o660, group: (name: "root", id: 0))
            }
        }
        #expect(throws: ControlSocketError.notInGroup("root")) { try outcome.get() }
        #expect(ControlSocketError.notInGroup(group.name).description.hasPrefix(
            "control.group: kioskd's user must be a member of group \"\(group.name)\""))
    }
}
