using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;

namespace CowCollections.Benchmarks.Containers;

/// <summary>The four ways to keep listeners that the benchmarks compare, each filled with <c>N</c> listeners.</summary>
public abstract class ListenerRegistryBenchmarkBase
{
    protected static int Sink;

    private readonly object _lock = new();

    protected ListenerRegistry<Action> Registry = null!;
    protected Action[] LockedArray = null!;
    protected ImmutableArray<Action> Immutable;
    protected Action? Multicast;

    [Params(16, 50_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Registry = new ListenerRegistry<Action>();
        LockedArray = [];
        Immutable = [];
        Multicast = null;
        for (int i = 0; i < N; i++)
        {
            Action listener = () => Sink++;
            Registry.Add(listener);
            LockedAdd(listener);
            ImmutableInterlocked.Update(ref Immutable, static (a, l) => a.Add(l), listener);
            MulticastAdd(listener);
        }
    }

    protected void LockedAdd(Action listener)
    {
        lock (_lock)
        {
            var copy = new Action[LockedArray.Length + 1];
            LockedArray.CopyTo(copy, 0);
            copy[^1] = listener;
            Volatile.Write(ref LockedArray, copy);
        }
    }

    protected void LockedRemove(Action listener)
    {
        lock (_lock)
        {
            int index = Array.LastIndexOf(LockedArray, listener);
            var copy = new Action[LockedArray.Length - 1];
            Array.Copy(LockedArray, 0, copy, 0, index);
            Array.Copy(LockedArray, index + 1, copy, index, LockedArray.Length - index - 1);
            Volatile.Write(ref LockedArray, copy);
        }
    }

    protected void MulticastAdd(Action listener)
    {
        Action? seen = Volatile.Read(ref Multicast);
        while (true)
        {
            var next = (Action)Delegate.Combine(seen, listener);
            var witnessed = Interlocked.CompareExchange(ref Multicast, next, seen);
            if (ReferenceEquals(witnessed, seen))
            {
                return;
            }

            seen = witnessed;
        }
    }

    protected void MulticastRemove(Action listener)
    {
        Action? seen = Volatile.Read(ref Multicast);
        while (true)
        {
            var next = (Action?)Delegate.Remove(seen, listener);
            var witnessed = Interlocked.CompareExchange(ref Multicast, next, seen);
            if (ReferenceEquals(witnessed, seen))
            {
                return;
            }

            seen = witnessed;
        }
    }
}

/// <summary>
/// Add one listener to a registry of N and remove it again (one pair per operation). Target for
/// <see cref="ListenerRegistry{T}"/>: &lt;= 10 us per pair at 50,000 (the copying peers copy 50,000 references).
/// </summary>
[MemoryDiagnoser]
public class ListenerAddRemoveBenchmarks : ListenerRegistryBenchmarkBase
{
    private readonly Action _extra = () => Sink--;

    [Benchmark(Baseline = true)]
    public void LockAndCopy_array()
    {
        LockedAdd(_extra);
        LockedRemove(_extra);
    }

    [Benchmark]
    public void ImmutableArray_ImmutableInterlocked()
    {
        ImmutableInterlocked.Update(ref Immutable, static (a, l) => a.Add(l), _extra);
        ImmutableInterlocked.Update(ref Immutable, static (a, l) => a.Remove(l), _extra);
    }

    [Benchmark]
    public void Multicast_delegate()
    {
        MulticastAdd(_extra);
        MulticastRemove(_extra);
    }

    [Benchmark]
    public void ListenerRegistry() => Registry.Add(_extra).Dispose();
}

/// <summary>
/// Dispatch one event to all N listeners. Target for <see cref="ListenerRegistry{T}"/>: &lt;= 1.2x
/// <c>ImmutableArray</c> + <c>ImmutableInterlocked</c> at 16 listeners.
/// </summary>
public class ListenerDispatchBenchmarks : ListenerRegistryBenchmarkBase
{
    [Benchmark(Baseline = true)]
    public void ImmutableArray_ImmutableInterlocked()
    {
        foreach (var listener in Immutable)
        {
            listener();
        }
    }

    [Benchmark]
    public void LockAndCopy_array()
    {
        foreach (var listener in Volatile.Read(ref LockedArray))
        {
            listener();
        }
    }

    [Benchmark]
    public void Multicast_delegate() => Volatile.Read(ref Multicast)?.Invoke();

    [Benchmark]
    public void ListenerRegistry_Invoke() => Registry.Invoke(static l => l());

    /// <summary>The direct dispatch of <c>Action</c> listeners (<see cref="ListenerRegistryExtensions"/>): one delegate call per listener.</summary>
    [Benchmark]
    public void ListenerRegistry_Invoke_direct() => Registry.Invoke();

    [Benchmark]
    public void ListenerRegistry_foreach()
    {
        foreach (var listener in Registry)
        {
            listener();
        }
    }
}
