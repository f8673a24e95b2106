// Idiomatic streams over the generated API: events and connection state as AsyncStreams, closures
// for listeners. Copied next to the generated sources by build-xcframework.sh.
// Not compiled here: there is no Swift toolchain on the machine that builds this project.
import Foundation

/// A `ChatListener` from a closure (called on an SDK thread, in order).
public final class ClosureChatListener: ChatListener, @unchecked Sendable {
    private let body: (ChatEvent) -> Void
    public init(_ body: @escaping (ChatEvent) -> Void) { self.body = body }
    public func onEvent(event: ChatEvent) throws { body(event) }
}

/// A `StateObserver` from a closure.
public final class ClosureStateObserver: StateObserver, @unchecked Sendable {
    private let body: (ConnectionState) -> Void
    public init(_ body: @escaping (ConnectionState) -> Void) { self.body = body }
    public func onState(state: ConnectionState) throws { body(state) }
}

public extension ChatClient {
    /// Subscribes a closure to `eventName` (`"*"`: every event).
    @discardableResult
    func on(_ eventName: String = "*", _ body: @escaping (ChatEvent) -> Void) throws -> Subscription {
        try on(eventName: eventName, listener: ClosureChatListener(body))
    }

    /// The events of this client, in order, as an `AsyncStream`; cancelling the consuming task
    /// unsubscribes. Unbounded: the SDK thread never waits on a slow consumer.
    func events(_ eventName: String = "*") -> AsyncStream<ChatEvent> {
        AsyncStream { continuation in
            do {
                let subscription = try on(eventName: eventName, listener: ClosureChatListener { continuation.yield($0) })
                continuation.onTermination = { _ in _ = subscription.cancel() }
            } catch {
                continuation.finish()
            }
        }
    }

    /// The connection state: the current value at once, then every change (the latest when the
    /// consumer is slower); finishes after `.destroyed`.
    func states() -> AsyncStream<ConnectionState> {
        AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            do {
                let subscription = try observeState(observer: ClosureStateObserver { state in
                    continuation.yield(state)
                    if state.status == .destroyed { continuation.finish() }
                })
                continuation.onTermination = { _ in _ = subscription.cancel() }
            } catch {
                continuation.finish()
            }
        }
    }
}
