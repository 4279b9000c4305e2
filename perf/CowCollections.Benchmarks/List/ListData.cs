using System.Collections.Immutable;
using FSharpx.Collections;

namespace CowCollections.Benchmarks.List;

/// <summary>
/// The same <see cref="int"/> contents (0..n-1) in every structure the list benchmarks compare, built once per
/// size in <c>[GlobalSetup]</c>, plus precomputed random indices so no benchmark pays for a random generator.
/// </summary>
public sealed class ListData
{
    public ListData(int size, bool all = true)
    {
        Array = Enumerable.Range(0, size).ToArray();
        Persistent = PersistentList.Create<int>(Array.AsSpan());
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
            Locked = new LockedCopyArray<int>(Array);
            Vector = PersistentVector.ofSeq(Array);
            Container = new CopyOnWriteList<int>(Persistent);
        }
    }

    /// <summary>How many random indices a read benchmark walks per invocation.</summary>
    public const int ReadsPerInvoke = 1024;

    public int[] Array { get; }

    public int[] RandomIndices { get; }

    public PersistentList<int> Persistent { get; }

    public List<int> List { get; } = [];

    public ImmutableList<int> Immutable { get; } = ImmutableList<int>.Empty;

    public ImmutableArray<int> ImmutableArr { get; } = ImmutableArray<int>.Empty;

    public LockedCopyArray<int> Locked { get; } = new();

    public PersistentVector<int> Vector { get; } = PersistentVector.empty<int>();

    public CopyOnWriteList<int> Container { get; } = new();
}
