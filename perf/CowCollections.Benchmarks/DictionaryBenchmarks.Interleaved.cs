using System.Collections.Immutable;
using System.Diagnostics;

namespace CowCollections.Benchmarks;

/// <summary>
/// A load-tolerant cross-check of the BenchmarkDotNet suites for a shared, overloaded machine: the
/// competitors of each operation run round-robin (so background load hits them alike) and each reports
/// the minimum over rounds, in ns per operation. <c>dotnet run -c Release --project perf/CowCollections.Benchmarks -- interleaved</c>.
/// </summary>
public static class DictionaryBenchmarksInterleaved
{
    public static void Run(TextWriter output, int n)
    {
        var data = DictionaryData<int>.Get(n);
        var dict = data.Dictionary;
        var frozen = data.Frozen;
        var imm = data.Immutable;
        var lext = data.LanguageExt;
        var fsx = data.FSharpx;
        var pers = data.Persistent;
        var hits = data.Hits;
        var miss = data.Missing;
        var v2 = pers.SetItem(hits[0], 2);
        output.WriteLine($"<int,int>, N = {n:N0}: min over 7 interleaved rounds, ns per operation");
        Compare(output, "lookup hit", hits.Length, [
            ("Dictionary", () => { int s = 0; foreach (var k in hits) { s += dict[k]; } return s; }),
            ("FrozenDictionary", () => { int s = 0; foreach (var k in hits) { s += frozen[k]; } return s; }),
            ("ImmutableDictionary", () => { int s = 0; foreach (var k in hits) { s += imm[k]; } return s; }),
            ("LanguageExt HashMap", () => { int s = 0; foreach (var k in hits) { s += lext[k]; } return s; }),
            ("FSharpx PersistentHashMap", () => { int s = 0; foreach (var k in hits) { s += fsx[k]; } return s; }),
            ("PersistentDictionary", () => { int s = 0; foreach (var k in hits) { s += pers[k]; } return s; }),
        ]);
        Compare(output, "lookup miss", miss.Length, [
            ("Dictionary", () => { int s = 0; foreach (var k in miss) { s += dict.ContainsKey(k) ? 1 : 0; } return s; }),
            ("ImmutableDictionary", () => { int s = 0; foreach (var k in miss) { s += imm.ContainsKey(k) ? 1 : 0; } return s; }),
            ("LanguageExt HashMap", () => { int s = 0; foreach (var k in miss) { s += lext.ContainsKey(k) ? 1 : 0; } return s; }),
            ("PersistentDictionary", () => { int s = 0; foreach (var k in miss) { s += pers.ContainsKey(k) ? 1 : 0; } return s; }),
        ]);
        Compare(output, "SetItem of a new key", miss.Length, [
            ("ImmutableDictionary", () => { int s = 0; foreach (var k in miss) { s += imm.SetItem(k, 2).Count; } return s; }),
            ("LanguageExt HashMap", () => { int s = 0; foreach (var k in miss) { s += lext.AddOrUpdate(k, 2).Count; } return s; }),
            ("FSharpx PersistentHashMap", () => { int s = 0; foreach (var k in miss) { s += fsx.Add(k, 2).Count; } return s; }),
            ("PersistentDictionary", () => { int s = 0; foreach (var k in miss) { s += pers.SetItem(k, 2).Count; } return s; }),
        ]);
        Compare(output, "Remove", hits.Length, [
            ("ImmutableDictionary", () => { int s = 0; foreach (var k in hits) { s += imm.Remove(k).Count; } return s; }),
            ("LanguageExt HashMap", () => { int s = 0; foreach (var k in hits) { s += lext.Remove(k).Count; } return s; }),
            ("FSharpx PersistentHashMap", () => { int s = 0; foreach (var k in hits) { s += fsx.Remove(k).Count; } return s; }),
            ("PersistentDictionary", () => { int s = 0; foreach (var k in hits) { s += pers.Remove(k).Count; } return s; }),
        ]);
        Compare(output, "foreach, per entry", n, [
            ("Dictionary", () => { int s = 0; foreach (var kv in dict) { s += kv.Value; } return s; }),
            ("ImmutableDictionary", () => { int s = 0; foreach (var kv in imm) { s += kv.Value; } return s; }),
            ("LanguageExt HashMap", () => { int s = 0; foreach (var kv in lext) { s += kv.Value; } return s; }),
            ("PersistentDictionary", () => { int s = 0; foreach (var kv in pers) { s += kv.Value; } return s; }),
        ]);
        Compare(output, "builder add, per entry", n, [
            ("Dictionary.Add", () => { var d = new Dictionary<int, int>(); foreach (var k in data.Keys) { d.Add(k, 1); } return d.Count; }),
            ("ImmutableDictionary builder", () => { var b = ImmutableDictionary.CreateBuilder<int, int>(); foreach (var k in data.Keys) { b.Add(k, 1); } return b.Count; }),
            ("PersistentDictionary builder", () => { var b = PersistentDictionary.CreateBuilder<int, int>(); foreach (var k in data.Keys) { b.Add(k, 1); } return b.Count; }),
        ]);
        Compare(output, "Diff / equality of a 1-change version, per call", 1, [
            ("element-wise (foreach + TryGetValue)", () => { int c = 0; foreach (var kv in pers) { if (!v2.TryGetValue(kv.Key, out var v) || v != kv.Value) { c++; } } return c; }),
            ("PersistentDictionary.Diff", () => pers.Diff(v2).Count),
            ("PersistentDictionary.DictionaryEquals", () => pers.DictionaryEquals(v2) ? 1 : 0),
        ]);
    }

    private static void Compare(TextWriter output, string operation, int opsPerCall, (string Name, Func<int> Body)[] competitors)
    {
        var best = new double[competitors.Length];
        Array.Fill(best, double.MaxValue);
        for (int round = 0; round < 7; round++)
        {
            for (int i = 0; i < competitors.Length; i++)
            {
                var body = competitors[i].Body;
                int calls = 0;
                var sw = Stopwatch.StartNew();
                do
                {
                    body();
                    calls++;
                }
                while (sw.ElapsedMilliseconds < 20);
                best[i] = Math.Min(best[i], sw.Elapsed.TotalNanoseconds / calls / opsPerCall);
            }
        }

        output.WriteLine($"  {operation}");
        for (int i = 0; i < competitors.Length; i++)
        {
            output.WriteLine($"    {competitors[i].Name,-40} {best[i],12:F1} ns   ratio to first {best[i] / best[0],6:F2}");
        }
    }
}
