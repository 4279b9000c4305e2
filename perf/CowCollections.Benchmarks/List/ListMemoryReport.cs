using System.Collections.Immutable;
using System.Globalization;
using FSharpx.Collections;

namespace CowCollections.Benchmarks.List;

/// <summary>
/// Retained bytes per <see cref="int"/> element of each list structure at 1K, 100K and 1M: the heap size after
/// a full collection with the structure alive, minus the heap size before building it, divided by the count.
/// Not a BenchmarkDotNet benchmark (it measures space, not time); run with
/// <c>dotnet run -c Release --project perf/CowCollections.Benchmarks -- --list-memory</c>.
/// Targets at 1M: PersistentList &lt;= 5 B per <c>int</c> (int[] holds 4 B, ImmutableList ~48 B) and &lt;= 9 B per reference.
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

    /// <summary>Reference elements: every slot points at one shared object, so only the structure's own bytes count.</summary>
    private static readonly (string Name, Func<object[], object> Build)[] ReferenceStructures =
    [
        ("object[]", items => items.ToArray()),
        ("List<object>", items => new List<object>(items)),
        ("PersistentList<object>", items => PersistentList.Create<object>(items.AsSpan())),
        ("PersistentList<object> (Builder.Add)", items =>
        {
            var builder = PersistentList.CreateBuilder<object>();
            foreach (object item in items)
            {
                builder.Add(item);
            }

            return builder.ToImmutable();
        }),
        ("ImmutableList<object>", items => ImmutableList.CreateRange(items)),
    ];

    /// <summary>Prints the tables, and writes the int rows to <c>retained-list.csv</c> in <paramref name="csvDirectory"/> (for the charts).</summary>
    public static void Run(TextWriter output, string csvDirectory)
    {
        int[] sizes = [1_000, 100_000, 1_000_000];
        var csv = new List<string> { "contender,size,bytes_per_element" };
        output.WriteLine("| structure | " + string.Join(" | ", sizes.Select(s => s.ToString("N0", CultureInfo.InvariantCulture))) + " |");
        output.WriteLine("|---|" + string.Concat(sizes.Select(_ => "---:|")));
        foreach (var (name, build) in Structures)
        {
            var cells = new List<string>();
            foreach (int size in sizes)
            {
                string bytes = BytesPerElement(build, size).ToString("F2", CultureInfo.InvariantCulture);
                cells.Add(bytes);
                csv.Add($"{name},{size},{bytes}");
            }

            output.WriteLine($"| {name} | {string.Join(" | ", cells)} |");
        }

        output.WriteLine("(bytes per element retained by the structure; int elements)");
        output.WriteLine();
        output.WriteLine("| structure | " + string.Join(" | ", sizes.Select(s => s.ToString("N0", CultureInfo.InvariantCulture))) + " |");
        output.WriteLine("|---|" + string.Concat(sizes.Select(_ => "---:|")));
        var shared = new object();
        foreach (var (name, build) in ReferenceStructures)
        {
            var cells = new List<string>();
            foreach (int size in sizes)
            {
                var items = Enumerable.Repeat(shared, size).ToArray();
                cells.Add(BytesPerElement(() => build(items), size).ToString("F2", CultureInfo.InvariantCulture));
            }

            output.WriteLine($"| {name} | {string.Join(" | ", cells)} |");
        }

        output.WriteLine("(bytes per element retained by the structure; reference elements, target <= 9 B at 1M)");
        Directory.CreateDirectory(csvDirectory);
        File.WriteAllLines(Path.Combine(csvDirectory, "retained-list.csv"), csv);
    }

    private static double BytesPerElement(Func<int[], object> build, int size)
    {
        var items = Enumerable.Range(0, size).ToArray();
        double bytes = BytesPerElement(() => build(items), size);
        GC.KeepAlive(items);
        return bytes;
    }

    private static double BytesPerElement(Func<object> build, int size)
    {
        build();
        long before = GC.GetTotalMemory(forceFullCollection: true);
        object built = build();
        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(built);
        return (after - before) / (double)size;
    }
}
