using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;

namespace CowCollections.Benchmarks.Containers;

/// <summary>
/// Write throughput under contention: <see cref="Threads"/> threads each SetItem into one shared 100K list;
/// <see cref="CopyOnWriteList{T}"/> against <c>ImmutableInterlocked.Update</c> over an
/// <see cref="ImmutableList{T}"/> (the pattern it replaces) and a lock-and-copy array.
/// Per-operation time = one published write.
/// </summary>
[MemoryDiagnoser]
public class WriteContentionBenchmarks
{
    private const int Size = 100_000;
    private const int Writes = 400;

    private readonly object _lock = new();
    private CopyOnWriteList<int> _cow = null!;
    private ImmutableList<int> _immutable = null!;
    private int[] _array = null!;

    [Params(1, 2, 4)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _cow = new CopyOnWriteList<int>(PersistentList.CreateRange(Enumerable.Range(0, Size)));
        _immutable = ImmutableList.CreateRange(Enumerable.Range(0, Size));
        _array = Enumerable.Range(0, Size).ToArray();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Writes)]
    public void ImmutableInterlocked_ImmutableList() =>
        Run(i => ImmutableInterlocked.Update(ref _immutable, static (l, k) => l.SetItem(k, k), i));

    [Benchmark(OperationsPerInvoke = Writes)]
    public void CopyOnWriteList_SetItem() => Run(i => _cow[i] = i);

    [Benchmark(OperationsPerInvoke = Writes)]
    public void LockAndCopy_array() => Run(i =>
    {
        lock (_lock)
        {
            var copy = (int[])_array.Clone();
            copy[i] = i;
            Volatile.Write(ref _array, copy);
        }
    });

    private void Run(Action<int> write)
    {
        int perThread = Writes / Threads;
        var tasks = new Task[Threads];
        for (int t = 0; t < tasks.Length; t++)
        {
            int thread = t;
            tasks[t] = Task.Factory.StartNew(() =>
            {
                for (int i = 0; i < perThread; i++)
                {
                    write(((thread * 7919) + (i * 104729)) % Size);
                }
            }, TaskCreationOptions.LongRunning);
        }

        Task.WaitAll(tasks);
    }
}
