namespace CivicTrack.Engine.Community;

/// <summary>One part of the commendation score and its weight (any non-negative number; weights are used relative to each other).</summary>
/// <param name="Key">The component's name, as candidates' figures are keyed.</param>
/// <param name="Weight">Its weight.</param>
public sealed record CommendationComponent(string Key, double Weight);

/// <summary>A unit or team to rank, with its raw figure for each component (null when it has none).</summary>
/// <param name="Key">Identifies the candidate (a unit code or a team id).</param>
/// <param name="Name">Its name: ties are broken by name.</param>
/// <param name="Figures">Raw figures by component key.</param>
public sealed record CommendationCandidate(string Key, string Name, IReadOnlyDictionary<string, double?> Figures);

/// <summary>A candidate's place: its rank (1 = best), its score on 0–1, and each component's normalised value on 0–1.</summary>
/// <param name="Key">The candidate's key.</param>
/// <param name="Name">The candidate's name.</param>
/// <param name="Rank">1 for the best score; equal scores are ordered by name and still get distinct ranks.</param>
/// <param name="Score">The weighted sum of the normalised components over the weights of the components used.</param>
/// <param name="Normalised">Each used component's value on 0–1 (0 for a candidate without that figure).</param>
public sealed record CommendationPlace(string Key, string Name, int Rank, double Score, IReadOnlyDictionary<string, double> Normalised);

/// <summary>The ranking: the places best first, and the components that counted with their share of the score.</summary>
/// <param name="Places">Best first.</param>
/// <param name="Used">The components that counted, with their weights rescaled to add up to 1.</param>
/// <param name="Dropped">Components left out because no candidate had a figure for them, or their weight was 0.</param>
public sealed record CommendationRanking(IReadOnlyList<CommendationPlace> Places, IReadOnlyList<CommendationComponent> Used, IReadOnlyList<string> Dropped);

/// <summary>
/// The commendation score: each component is normalised min–max across the candidates to 0–1 (the lowest figure 0, the
/// highest 1; when all candidates have the same figure, each of them gets 1), a candidate without a figure gets 0 for that
/// component, and the score is the weighted sum over the weights of the components used. A component no candidate has a
/// figure for is dropped and the other weights count for the whole. Equal scores are ordered by name (ordinal, then key).
/// </summary>
public static class CommendationScore
{
    /// <summary>Ranks the candidates by the weighted, normalised components.</summary>
    /// <param name="candidates">The units or teams to rank.</param>
    /// <param name="components">The components and their weights; a negative or non-finite weight counts as 0.</param>
    /// <returns>The places best first, with the components used and dropped.</returns>
    public static CommendationRanking Rank(IReadOnlyList<CommendationCandidate> candidates, IReadOnlyList<CommendationComponent> components)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(components);
        static double? Figure(CommendationCandidate c, string key) =>
            c.Figures.TryGetValue(key, out var v) && v is { } x && double.IsFinite(x) ? x : null;

        var used = new List<(CommendationComponent Component, double Min, double Max)>();
        var dropped = new List<string>();
        foreach (var component in components)
        {
            var weight = double.IsFinite(component.Weight) && component.Weight > 0 ? component.Weight : 0;
            var figures = candidates.Select(c => Figure(c, component.Key)).OfType<double>().ToList();
            if (weight == 0 || figures.Count == 0) { dropped.Add(component.Key); continue; }
            used.Add((component with { Weight = weight }, figures.Min(), figures.Max()));
        }
        var total = used.Sum(u => u.Component.Weight);
        var scored = candidates.Select(c =>
        {
            var normalised = new Dictionary<string, double>(StringComparer.Ordinal);
            var sum = 0.0;
            foreach (var (component, min, max) in used)
            {
                var n = Figure(c, component.Key) is { } x ? (max > min ? (x - min) / (max - min) : 1.0) : 0.0;
                normalised[component.Key] = n;
                sum += component.Weight * n;
            }
            return (Candidate: c, Score: total > 0 ? sum / total : 0.0, Normalised: normalised);
        })
        .OrderByDescending(s => s.Score).ThenBy(s => s.Candidate.Name, StringComparer.Ordinal).ThenBy(s => s.Candidate.Key, StringComparer.Ordinal)
        .Select((s, i) => new CommendationPlace(s.Candidate.Key, s.Candidate.Name, i + 1, s.Score, s.Normalised))
        .ToList();
        return new CommendationRanking(scored, [.. used.Select(u => u.Component with { Weight = u.Component.Weight / total })], dropped);
    }
}
