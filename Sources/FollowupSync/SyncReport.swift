import FollowupCore
import Foundation
import GitKit

/// What a sync did.
public struct SyncReport: Sendable {
    public var remote: String
    /// Events of this device the remote did not have before.
    public var sent = 0
    /// Events imported from other replicas, per device id.
    public var received: [String: Int] = [:]
    public var alreadyPresent = 0
    /// Content refused, with the device, sequence number and reason.
    public var rejected: [ImportReport.Rejection] = []
    /// Devices whose history diverges between here and the remote (a copied store).
    public var forks: [String] = []
    /// The remote's branch no longer contains what an earlier fetch saw.
    public var remoteRewritten = false
    /// Fetch–merge–push rounds it took (a refused push starts a new round).
    public var rounds = 0
    public var pushed = false

    public var receivedTotal: Int { received.values.reduce(0, +) }
}
