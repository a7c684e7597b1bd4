/// How well the follow-up went, for one company or for all: computed from projected interviews
/// and the times replies arrived. Pure: the same inputs give the same figures.
public struct FollowUpStats: Equatable, Sendable {
    /// One group's figures (a company, or every interview).
    public struct Figures: Equatable, Sendable {
        public var interviews = 0
        /// Applications: an interview and its later rounds (`--round-of`) count once.
        public var applications = 0
        /// Interviews whose end has passed at the moment of evaluation.
        public var ended = 0
        /// Thank-yous that count: those sent, and those whose window closed without one.
        public var thankYous = 0
        /// Thank-yous sent within `thank-you.hours` of the interview's end.
        public var thankYousOnTime = 0
        /// Ended interviews with a reply from the employer after the interview.
        public var replied = 0
        /// Median days from the interview's end to the employer's first reply after it.
        public var medianDaysToReply: Double?
        public var checkIns = 0
        /// Outcome name (or `open`) → applications, each counted by its last round's outcome (its
        /// own, or the one another round's outcome gave it): one offer after two rounds is one offer.
        public var outcomes: [String: Int] = [:]

        /// Thank-yous on time, as a share of those that count; nil when none count yet.
        public var onTimeShare: Double? { thankYous == 0 ? nil : Double(thankYousOnTime) / Double(thankYous) }
        /// Check-ins per ended interview; nil when none has ended.
        public var checkInsPerInterview: Double? { ended == 0 ? nil : Double(checkIns) / Double(ended) }
    }

    public struct Company: Equatable, Sendable {
        public var name: String
        public var figures: Figures
    }

    public var thankYouHours: Int
    public var overall: Figures
    /// By company, compared without regard to case, sorted by name; named as first written.
    public var companies: [Company]

    /// The outcome keys, in the order they are shown: `open` is an application without one.
    public static let outcomeKeys = ["open"] + Outcome.allCases.map(\.rawValue)

    /// - Parameters:
    ///   - replies: interview id → when each (not retracted) reply from the employer occurred.
    public static func compute(_ interviews: [InterviewState], replies: [String: [Int64]], config: RulesConfig,
                               now: Int64) -> FollowUpStats {
        var overall = Accumulator()
        var byCompany: [String: (name: String, accumulator: Accumulator)] = [:]
        for interview in interviews {
            overall.add(interview, replies: replies[interview.id] ?? [], config: config, now: now)
            let key = interview.company.lowercased()
            var entry = byCompany[key] ?? (interview.company, Accumulator())
            entry.accumulator.add(interview, replies: replies[interview.id] ?? [], config: config, now: now)
            byCompany[key] = entry
        }
        let companies = byCompany.sorted { $0.key < $1.key }.map { Company(name: $0.value.name, figures: $0.value.accumulator.result) }
        return FollowUpStats(thankYouHours: config.thankYouHours, overall: overall.result, companies: companies)
    }

    struct Accumulator {
        var figures = Figures()
        var daysToReply: [Double] = []

        var result: Figures {
            var result = figures
            result.medianDaysToReply = Accumulator.median(daysToReply)
            return result
        }

        mutating func add(_ interview: InterviewState, replies: [Int64], config: RulesConfig, now: Int64) {
            figures.interviews += 1
            if interview.round == interview.rounds {
                figures.applications += 1
                figures.outcomes[interview.outcome?.rawValue ?? "open", default: 0] += 1
            }
            guard now >= interview.endsAt else { return }
            figures.ended += 1
            figures.checkIns += interview.checkInCount
            let deadline = interview.endsAt + Int64(config.thankYouHours) * 3600
            let thanked = interview.interviewers.isEmpty ? [interview.thankedAt] : interview.interviewers.map(\.thankedAt)
            for thankedAt in thanked {
                guard thankedAt != nil || now > deadline else { continue }  // still within its window
                figures.thankYous += 1
                if let thankedAt, thankedAt <= deadline { figures.thankYousOnTime += 1 }
            }
            if let firstReply = replies.filter({ $0 >= interview.endsAt }).min() {
                figures.replied += 1
                daysToReply.append(Double(firstReply - interview.endsAt) / 86_400)
            }
        }

        static func median(_ values: [Double]) -> Double? {
            guard !values.isEmpty else { return nil }
            let sorted = values.sorted()
            let middle = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        }
    }
}
