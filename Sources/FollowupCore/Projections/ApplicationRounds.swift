/// Rounds of one application: interviews linked by `--round-of` to an earlier round with the same
/// employer. Each interview is folded on its own (`InterviewState.fold`); this pass then reads the
/// links across them and sets what one round's events mean for the others (docs/rules.md, Rounds):
///
/// - the application is its first round, the root of the links; rounds are numbered by start;
/// - an outcome on one round closes the other rounds (a `ghosted` only those that had started by
///   then: a later round is the employer's answer);
/// - a later round answers the earlier rounds' next-steps question and check-ins (the employer
///   invited the user back), so those rounds have no unanswered check-ins; their thank-yous stay.
///
/// Pure: the same states give the same result whatever their order.
public enum ApplicationRounds {
    /// `states` with their application, round and inherited outcome set. Every round of an
    /// application whose rounds are among `states` must be there too.
    public static func link(_ states: [InterviewState]) -> [InterviewState] {
        var states = states
        var position: [String: Int] = [:]
        for index in states.indices { position[states[index].id] = index }
        guard states.contains(where: { $0.roundOf != nil }) else {
            for index in states.indices { states[index].clearRounds() }
            return states
        }
        // A link to a round that is not there (not yet synced, or retracted) is no link.
        var parent: [Int?] = states.map { state in
            state.roundOf.flatMap { position[$0] }.flatMap { states[$0].id == state.id ? nil : $0 }
        }
        breakCycles(&parent, states)

        var root: [Int?] = Array(repeating: nil, count: states.count)
        func rootOf(_ index: Int) -> Int {
            if let known = root[index] { return known }
            let found = parent[index].map(rootOf) ?? index
            root[index] = found
            return found
        }
        var members: [Int: [Int]] = [:]
        for index in states.indices { members[rootOf(index), default: []].append(index) }

        for index in states.indices { states[index].clearRounds() }
        for (rootIndex, group) in members where group.count > 1 {
            let ordered = group.sorted { FollowupStore.listedFirst(states[$0].startsAt, states[$0].ref, states[$1].startsAt, states[$1].ref)
                || (states[$0].startsAt == states[$1].startsAt && states[$0].ref == states[$1].ref && states[$0].id < states[$1].id) }
            let own = ordered.enumerated().compactMap { number, index in
                states[index].outcome.map { (index: index, number: number, outcome: $0, at: states[index].outcomeAt ?? states[index].startsAt) }
            }
            for (number, index) in ordered.enumerated() {
                states[index].application = states[rootIndex].id
                states[index].applicationRef = states[rootIndex].ref
                states[index].round = number + 1
                states[index].rounds = ordered.count
                if number + 1 < ordered.count { states[index].unansweredCheckIns = 0 }
            }
            for index in ordered where states[index].outcome == nil {
                let startsAt = states[index].startsAt
                // The latest outcome that reaches this round; on equal times, the later round's.
                let closing = own.filter { $0.outcome != .ghosted || $0.at >= startsAt }
                    .max { ($0.at, $0.number) < ($1.at, $1.number) }
                if let closing {
                    states[index].outcome = closing.outcome
                    states[index].outcomeAt = closing.at
                    states[index].outcomeRound = states[closing.index].ref
                }
            }
        }
        return states
    }

    /// Drops one link of every loop (two machines may each link one round to the other): the
    /// link of the loop's round listed first, which then starts the application.
    private static func breakCycles(_ parent: inout [Int?], _ states: [InterviewState]) {
        var done = Array(repeating: false, count: states.count)
        for start in states.indices where !done[start] {
            var path: [Int] = []
            var onPath = Set<Int>()
            var current: Int? = start
            while let index = current, !done[index] {
                if onPath.contains(index) {
                    let loop = path[path.firstIndex(of: index)!...]
                    let first = loop.min { lhs, rhs in
                        FollowupStore.listedFirst(states[lhs].startsAt, states[lhs].ref, states[rhs].startsAt, states[rhs].ref)
                            || (states[lhs].startsAt == states[rhs].startsAt && states[lhs].ref == states[rhs].ref
                                && states[lhs].id < states[rhs].id)
                    }!
                    parent[first] = nil
                    break
                }
                onPath.insert(index)
                path.append(index)
                current = parent[index]
            }
            for index in path { done[index] = true }
        }
    }

    /// `items` with each application's rounds moved up to follow its first round, everything else
    /// in the order given: how `status` lists them. `application` is an item's application id (nil
    /// when it stands alone); the first round of each application comes first among its rounds.
    public static func grouped<Item>(_ items: [Item], application: (Item) -> String?) -> [Item] {
        let members = items.indices.compactMap { index in application(items[index]).map { (position: index, application: $0) } }
        guard !members.isEmpty else { return items }
        return groupedOrder(count: items.count, members: members).map { items[$0] }
    }

    /// The positions of `count` items in listing order, with each application's later rounds
    /// moved up under its first; `members` are the positions of the items that are rounds of an
    /// application, in order, with its id.
    static func groupedOrder(count: Int, members: [(position: Int, application: String)]) -> [Int] {
        var firstRound: [Int: String] = [:]
        var laterRounds: [String: [Int]] = [:]
        var moved = Set<Int>()
        for member in members {
            if laterRounds[member.application] == nil {
                firstRound[member.position] = member.application
                laterRounds[member.application] = []
            } else {
                laterRounds[member.application]!.append(member.position)
                moved.insert(member.position)
            }
        }
        var order: [Int] = []
        order.reserveCapacity(count)
        for position in 0..<count where !moved.contains(position) {
            order.append(position)
            if let application = firstRound[position] { order += laterRounds[application]! }
        }
        return order
    }
}

extension InterviewState {
    /// Back to standing alone, before `ApplicationRounds.link` sets what the links say.
    mutating func clearRounds() {
        application = nil
        applicationRef = nil
        round = 1
        rounds = 1
        outcomeRound = nil
    }
}
