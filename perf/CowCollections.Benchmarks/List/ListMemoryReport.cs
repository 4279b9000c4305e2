using System.Collections.Immutable;
using System.Globalization;
using FSharpx.Collections;

namespace CowCollections.Benchmarks.List;

/// <summary>
/// Retained bytes per <see cref="int"/> element of each list structure at 1K, 100K and 1M: the heap size after
/// a full collection with the structure alive, minus the heap size before building it, divided by the count.
/// Not a BenchmarkDotNet benchmark (it measures space, not time); run with
/// <c>dotnet run -c Release --project perf/CowCollections.Benchmarks -- --list-memory</c>.
/// Target: PersistentList &lt;= 5 B per element at 1M (int[] holds 4 B, ImmutableList ~48 B).
/// </summary>
public static class ListMemoryReport
{
    public const string Switch = "--list-memory";

    private static readonly (string Name, Func<int[], object> Build)[] Structures =
    [
        ("int[]", items => items.ToArray()),
        ("List<int>", items => new List<int>(items)),
        ("PersistentList<int>", items => PersistentList.Create<int>(items.AsSpan())),
        ("PersistentList<int> (Builder.Add)", items =>
        {
            var builder = PersistentList.CreateBuilder<int>();
            foreach (int item in items)
            {
                builder.Add(item);
            }

            return builder.ToImmutable();
        }),
        ("PersistentList<int> (Add one by one)", items =>
        {
            var list = PersistentList<int>.Empty;
            foreach (int item in items)
            {
                list = list.Add(item);
            }

            return list;
        }),
        ("ImmutableList<int>", items => ImmutableList.CreateRange(items)),
        ("ImmutableArray<int>", items => ImmutableArray.Create(items)),
        ("FSharpx PersistentVector<int>", items => PersistentVector.ofSeq(items)),
    ];

    public static void Run(TextWriter output)
    {
        int[] sizes = [1_000, 100_000, 1_000_000];
        output.WriteLine("| structure | " + string.Join(" | ", sizes.Select(s => s.ToString("N0", CultureInfo.InvariantCulture))) + " |");
        output.WriteLine("|---|" + string.Concat(sizes.Select(_ => "---:|")));
        foreach (var (name, build) in Structures)
        {
            var cells = new List<string>();
            foreach (int size in sizes)
            {
                cells.Add(BytesPerElement(build, size).ToString("F2", CultureInfo.InvariantCulture));
            }

            output.WriteLine($"| {name} | {string.Join(" | ", cells)} |");
        }

        output.WriteLine("(bytes per element retained by the structure; int elements)");
    }

    private static double BytesPerElement(Func<int[], object> build, int size)
    {
        var items = Enumerable.Range(0, size).ToArray();
        build(items);
        long before = GC.GetTotalMemory(forceFullCollection: true);
        object built = build(items);
        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(built);
        GC.KeepAlive(items);
        return (after - before) / (double)size;
    }
}
