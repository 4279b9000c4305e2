using BenchmarkDotNet.Attributes;
using CowCollections.Internal.Publication;

namespace CowCollections.Benchmarks.Containers;

/// <summary>
/// Lock versus pure CAS versus a hybrid for the publication mechanism, under heavy write contention with
/// large path copies: <see cref="Threads"/> writers each publish <see cref="Writes"/> changes to one shared
/// 1M-element <see cref="PersistentList{T}"/>; each change rewrites <see cref="Batch"/> random slots (one
/// path copy per slot, ~4 levels of 32-slot nodes), so a lost CAS race throws real work away.
/// Per-operation time = total time / (threads x writes).
/// </summary>
[MemoryDiagnoser]
public class PublicationContentionBenchmarks
{
    private const int Size = 1_000_000;
    private const int Writes = 2_000;

    private static readonly PersistentList<int> Initial = PersistentList.CreateRange(Enumerable.Range(0, Size));

    private Holder _holder = null!;

    [Params(2, 4)]
    public int Threads { get; set; }

    [Params(1, 16)]
    public int Batch { get; set; }

    [IterationSetup]
    public void Setup() => _holder = new Holder(Initial);

    [Benchmark(Baseline = true, OperationsPerInvoke = Writes)]
    public void Cas() => Run(static (h, w) => h.UpdateCas(w));

    [Benchmark(OperationsPerInvoke = Writes)]
    public void WriterLock() => Run(static (h, w) => h.UpdateLocked(w));

    [Benchmark(OperationsPerInvoke = Writes)]
    public void Hybrid() => Run(static (h, w) => h.UpdateHybrid(w));

    private void Run(Action<Holder, Write> update)
    {
        var holder = _holder;
        int perThread = Writes / Threads;
        var tasks = new Task[Threads];
        for (int t = 0; t < tasks.Length; t++)
        {
            var write = new Write { Batch = Batch, Seed = (t * 7919) + 1 };
            tasks[t] = Task.Factory.StartNew(() =>
            {
                for (int i = 0; i < perThread; i++)
                {
                    write.Seed += 104729;
                    update(holder, write);
                }
            }, TaskCreationOptions.LongRunning);
        }

        Task.WaitAll(tasks);
    }

    private static PersistentList<int> Apply(PersistentList<int> list, Write write)
    {
        uint x = (uint)write.Seed | 1;
        for (int b = 0; b < write.Batch; b++)
        {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            int index = (int)(x % Size);
            list = list.SetItem(index, list[index] + 1);
        }

        return list;
    }

    /// <summary>One writer's reusable argument (no allocation per write).</summary>
    private sealed class Write
    {
        public int Seed;
        public int Batch;
        public int Attempts;
    }

    /// <summary>The three strategies over the same published state.</summary>
    private sealed class Holder(PersistentList<int> initial)
    {
        private readonly object _writeLock = new();
        private AtomicRoot<PersistentList<int>> _root = new(initial);

        /// <summary>What the library does: CAS, retrying the pure transform on conflict.</summary>
        public void UpdateCas(Write write) =>
            _root.Update(write, static (PersistentList<int> l, Write w, out bool r) =>
            {
                r = true;
                return Apply(l, w);
            }, out _);

        /// <summary>Writers serialize on a lock (readers still read lock-free); the transform runs once.</summary>
        public void UpdateLocked(Write write)
        {
            lock (_writeLock)
            {
                _root.Exchange(Apply(_root.Value, write));
            }
        }

        /// <summary>One optimistic CAS attempt; on conflict, retry under the writer lock (where only optimistic first attempts compete).</summary>
        public void UpdateHybrid(Write write)
        {
            write.Attempts = 0;
            _root.Update(write, static (PersistentList<int> l, Write w, out bool r) =>
            {
                r = w.Attempts++ == 0;
                return r ? Apply(l, w) : l; // returning the current value abandons the attempt
            }, out bool published);
            if (published && write.Attempts == 1)
            {
                return;
            }

            lock (_writeLock)
            {
                UpdateCas(write);
            }
        }
    }
}
