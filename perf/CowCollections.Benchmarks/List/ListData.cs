using System.Collections.Immutable;
using System.Globalization;
using FSharpx.Collections;

namespace CowCollections.Benchmarks.List;

/// <summary>
/// The same contents (element i of 0..n-1) in every structure the list benchmarks compare, built once per size in
/// <c>[GlobalSetup]</c>, plus precomputed random indices so no benchmark pays for a random generator.
/// <c>int</c> elements are i; <c>string</c> elements are i as 16 digits (16-char strings, allocated once).
/// </summary>
/// <typeparam name="T"><see cref="int"/> or <see cref="string"/>.</typeparam>
public class ListData<T>
{
    public ListData(int size, bool all = true)
    {
        Array = Enumerable.Range(0, size).Select(Element).ToArray();
        Persistent = PersistentList.Create<T>(Array.AsSpan());
        var random = new Random(42);
        RandomIndices = new int[ReadsPerInvoke];
        for (int i = 0; i < RandomIndices.Length; i++)
        {
            RandomIndices[i] = random.Next(size);
        }

        if (all)
        {
            List = [.. Array];
            Immutable = ImmutableList.CreateRange(Array);
            ImmutableArr = ImmutableArray.Create(Array);
            Locked = new LockedCopyArray<T>(Array);
            Vector = PersistentVector.ofSeq(Array);
            Container = new CopyOnWriteList<T>(Persistent);
        }
    }

    /// <summary>How many random indices a hot-set read benchmark walks per invocation (reused every invocation).</summary>
    public const int ReadsPerInvoke = 1024;

    public T[] Array { get; }

    public int[] RandomIndices { get; }

    public PersistentList<T> Persistent { get; }

    public List<T> List { get; } = [];

    public ImmutableList<T> Immutable { get; } = ImmutableList<T>.Empty;

    public ImmutableArray<T> ImmutableArr { get; } = ImmutableArray<T>.Empty;

    public LockedCopyArray<T> Locked { get; } = new();

    public PersistentVector<T> Vector { get; } = PersistentVector.empty<T>();

    public CopyOnWriteList<T> Container { get; } = new();

    /// <summary>Element <paramref name="i"/>: i itself for <c>int</c>, i as 16 digits for <c>string</c>.</summary>
    public static T Element(int i) =>
        typeof(T) == typeof(int) ? (T)(object)i : (T)(object)i.ToString("D16", CultureInfo.InvariantCulture);
}

/// <summary>The <see cref="int"/> data most list suites use.</summary>
public sealed class ListData(int size, bool all = true) : ListData<int>(size, all);
