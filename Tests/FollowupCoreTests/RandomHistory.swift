import TestSupport
import Foundation
@testable import FollowupCore

/// What the property tests' random histories have written so far, and the steps they share:
/// an action of a random kind, dated up to some hours back; a retraction; an outcome.
struct RandomHistory {
    let actions: [Action]
    var refs: [String] = []
    var logged: [String] = []

    init(actions: [Action]) { self.actions = actions }

    /// Logs a random action on a random interview (there must be one), dated `hoursBack` hours
    /// before `now`; one the store refuses (before its interview, say) is left out.
    mutating func logAction(_ store: FollowupStore, now: Date, hoursBack: ClosedRange<Int>, random: inout SplitMix) {
        let ref = refs.randomElement(using: &random)!
        let action = actions.randomElement(using: &random)!
        let input = ActionInput(action: action, interview: ref,
                                occurredAt: now - TimeInterval(Int.random(in: hoursBack, using: &random) * 3600),
                                to: action == .thankYou ? ["Jane", "Bob", nil].randomElement(using: &random)! : nil,
                                note: action == .note ? "called" : nil,
                                point: action == .qualifications ? "led the migration" : nil)
        if let event = try? store.log(input).event { logged.append(event.id) }
    }

    /// Retracts an action logged earlier (there must be one); one already retracted stays so.
    func retractOne(_ store: FollowupStore, random: inout SplitMix) {
        _ = try? store.retract(logged.randomElement(using: &random)!, reason: nil)
    }

    /// Records an offer or a rejection on a random interview (there must be one).
    func logOutcome(_ store: FollowupStore, random: inout SplitMix) {
        _ = try? store.log(ActionInput(action: .outcome, interview: refs.randomElement(using: &random)!,
                                       outcome: [.offer, .rejected].randomElement(using: &random)!))
    }
}
