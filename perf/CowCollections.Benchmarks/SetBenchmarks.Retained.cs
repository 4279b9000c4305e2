using System.Collections.Immutable;
using LanguageExt;

namespace CowCollections.Benchmarks;

/// <summary>
/// Retained bytes per <c>int</c> set element, measured like <see cref="DictionaryBenchmarksRetained"/> (heap growth after
/// full collections when a set is built from an element array that already exists): part of <c>-- retained</c>, or alone
/// with <c>-- retained sets</c>. Writes <c>retained-set.csv</c> (bytes per element, the 4-byte element included).
/// </summary>
public static class SetBenchmarksRetained
{
    private const int ElementBytes = 4;

    public static void Run(TextWriter output, string csvDirectory)
    {
        var csv = new List<string> { "contender,size,bytes_per_element" };
        foreach (int n in new[] { 1_000, 100_000, 1_000_000 })
        {
            var keys = DictionaryData<int>.Get(n).Keys;
            output.WriteLine($"N = {n:N0}: retained bytes per int set element, total and beyond the {ElementBytes}-byte element");
            Report(output, csv, "HashSet<int>", n, () => new System.Collections.Generic.HashSet<int>(keys));
            Report(output, csv, "ImmutableHashSet<int>", n, () => keys.ToImmutableHashSet());
            Report(output, csv, "LanguageExt HashSet<int>", n, () => Prelude.toHashSet(keys));
            Report(output, csv, "PersistentHashSet<int>", n, () => keys.ToPersistentHashSet());
            Report(output, null, "PersistentHashSet<int> (n adds)", n, () =>
            {
                var s = PersistentHashSet<int>.Empty;
                foreach (var k in keys)
                {
                    s = s.Add(k);
                }

                return s;
            });
        }

        Directory.CreateDirectory(csvDirectory);
        File.WriteAllLines(Path.Combine(csvDirectory, "retained-set.csv"), csv);
    }

    private static void Report(TextWriter output, List<string>? csv, string name, int n, Func<object> build)
    {
        long before = DictionaryBenchmarksRetained.Settle();
        var set = build();
        long after = DictionaryBenchmarksRetained.Settle();
        GC.KeepAlive(set);
        double perElement = (double)(after - before) / n;
        csv?.Add(FormattableString.Invariant($"{name},{n},{perElement:F2}"));
        output.WriteLine($"  {name,-46} {perElement,7:F1} B/element total, {perElement - ElementBytes,7:F1} B beyond the element");
    }
}
