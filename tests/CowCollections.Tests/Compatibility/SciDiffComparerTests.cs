using CowCollections;
using Xunit;
using Xunit.Abstractions;

namespace CowCollections.Tests.Compatibility;

/// <summary>
/// <c>old.Diff(new)</c> applied to old's entries (re-keyed under new's comparer) gives new, also when the two
/// versions use different key comparers.
/// </summary>
public sealed class SciDiffComparerTests(ITestOutputHelper output)
{
    private static PersistentDictionary<string, int> Apply(PersistentDictionary<string, int> old, IReadOnlyList<DictionaryChange<string, int>> changes, IEqualityComparer<string> comparer)
    {
        var builder = PersistentDictionary.CreateBuilder<string, int>(comparer);
        foreach (var entry in old)
        {
            builder[entry.Key] = entry.Value;
        }

        foreach (var change in changes)
        {
            if (change.Kind == DictionaryChangeKind.Removed)
            {
                builder.Remove(change.Key);
            }
            else
            {
                builder[change.Key] = change.NewValue!;
            }
        }

        return builder.ToImmutable();
    }

    private static void AssertSameContent(PersistentDictionary<string, int> expected, PersistentDictionary<string, int> actual, string at)
    {
        Assert.True(expected.Count == actual.Count, $"{at}: {actual.Count} entries, expected {expected.Count}");
        foreach (var entry in expected)
        {
            Assert.True(actual.TryGetValue(entry.Key, out int value) && value == entry.Value, $"{at}: {entry.Key} is not {entry.Value}");
        }
    }

    [Fact]
    public void A_case_insensitive_version_against_an_ordinal_one_reports_the_difference()
    {
        var old = PersistentDictionary.Create<string, int>(StringComparer.OrdinalIgnoreCase).Add("a", 1);
        var @new = PersistentDictionary.Create<string, int>(StringComparer.Ordinal).Add("a", 1).Add("A", 2);
        var changes = old.Diff(@new);
        Assert.NotEmpty(changes);
        AssertSameContent(@new, Apply(old, changes, StringComparer.Ordinal), "ignore-case to ordinal");
    }

    [Fact]
    public void Applying_the_diff_between_versions_with_different_comparers_gives_the_new_version()
    {
        int seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        string[] keys = ["a", "A", "b", "B", "ab", "Ab", "aB", "AB", "c", "x"];
        StringComparer[] comparers = [StringComparer.Ordinal, StringComparer.OrdinalIgnoreCase];
        for (int round = 0; round < 2000; round++)
        {
            var oldComparer = comparers[random.Next(2)];
            var newComparer = comparers[random.Next(2)];
            var old = RandomDictionary(random, keys, oldComparer);
            var @new = random.Next(3) == 0 ? Apply(old, [], newComparer).SetItem(keys[random.Next(keys.Length)], random.Next(3)) : RandomDictionary(random, keys, newComparer);
            var changes = old.Diff(@new);
            string at = $"seed {seed} round {round}: {Show(old)} -> {Show(@new)}";
            AssertSameContent(@new, Apply(old, changes, newComparer), at);
            Assert.True(changes.Select(c => c.Key).Distinct(newComparer).Count() == changes.Count, $"{at}: a key appears twice");
            if (old.Count == @new.Count && @new.All(e => old.TryGetValue(e.Key, out int v) && v == e.Value) && old.All(e => @new.TryGetValue(e.Key, out int v) && v == e.Value)
                && old.All(e => old.Count(o => newComparer.Equals(o.Key, e.Key)) == 1))
            {
                Assert.True(changes.Count == 0, $"{at}: equal contents gave {changes.Count} changes");
            }
        }
    }

    private static PersistentDictionary<string, int> RandomDictionary(Random random, string[] keys, IEqualityComparer<string> comparer)
    {
        var builder = PersistentDictionary.CreateBuilder<string, int>(comparer);
        int n = random.Next(6);
        for (int i = 0; i < n; i++)
        {
            builder[keys[random.Next(keys.Length)]] = random.Next(3);
        }

        return builder.ToImmutable();
    }

    private static string Show(PersistentDictionary<string, int> d) =>
        (ReferenceEquals(d.KeyComparer, StringComparer.OrdinalIgnoreCase) ? "ci" : "ord") + "{" + string.Join(",", d.Select(e => $"{e.Key}:{e.Value}")) + "}";
}
