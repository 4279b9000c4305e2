using System.Diagnostics;

namespace CowCollections.Linearizability;

/// <summary>
/// Records a concurrent history from a fixed number of threads without locks: each thread owns a
/// <see cref="ThreadRecorder{TInput,TOutput}"/> with a preallocated array, so recording costs two
/// <see cref="Stopwatch.GetTimestamp"/> calls and two array writes (nothing is allocated beyond the caller's
/// input and output values). Read the result with <see cref="ToHistory"/> after every recording thread has
/// finished (joined), which publishes their writes.
/// </summary>
/// <typeparam name="TInput">The operation and its arguments.</typeparam>
/// <typeparam name="TOutput">The operation's result.</typeparam>
public sealed class HistoryRecorder<TInput, TOutput>
{
    private readonly ThreadRecorder<TInput, TOutput>[] _threads;

    /// <summary>Creates a recorder for <paramref name="threads"/> threads, each recording up to <paramref name="capacityPerThread"/> operations.</summary>
    public HistoryRecorder(int threads, int capacityPerThread)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityPerThread);
        _threads = new ThreadRecorder<TInput, TOutput>[threads];
        for (int i = 0; i < threads; i++)
        {
            _threads[i] = new ThreadRecorder<TInput, TOutput>(i, capacityPerThread);
        }
    }

    /// <summary>The number of threads.</summary>
    public int Threads => _threads.Length;

    /// <summary>The handle of thread <paramref name="thread"/>; only that thread may use it while recording.</summary>
    public ThreadRecorder<TInput, TOutput> ForThread(int thread) => _threads[thread];

    /// <summary>
    /// Every recorded operation, ids assigned in invocation order. An operation invoked but not returned is
    /// pending (response +infinity). Call only once the recording threads have finished.
    /// </summary>
    public History<TInput, TOutput> ToHistory()
    {
        var all = new List<(int Thread, ThreadRecorder<TInput, TOutput>.Entry Entry)>();
        foreach (var t in _threads)
        {
            for (int i = 0; i < t.Count; i++)
            {
                all.Add((t.Thread, t.EntryAt(i)));
            }
        }

        all.Sort((a, b) => a.Entry.Invoke != b.Entry.Invoke ? a.Entry.Invoke.CompareTo(b.Entry.Invoke) : a.Thread.CompareTo(b.Thread));
        var ops = new Operation<TInput, TOutput>[all.Count];
        for (int i = 0; i < ops.Length; i++)
        {
            var (thread, e) = all[i];
            ops[i] = new Operation<TInput, TOutput>(i, thread, e.Input, e.Output, e.Invoke, e.Returned ? e.Response : Operation<TInput, TOutput>.PendingResponse);
        }

        return new History<TInput, TOutput>(ops);
    }
}

/// <summary>
/// One thread's recording handle. A thread has at most one operation outstanding: <see cref="Invoke"/> opens
/// it, <see cref="Return"/> closes it; an operation that throws is left open and becomes pending.
/// </summary>
/// <typeparam name="TInput">The operation and its arguments.</typeparam>
/// <typeparam name="TOutput">The operation's result.</typeparam>
public sealed class ThreadRecorder<TInput, TOutput>
{
    private readonly Entry[] _entries;
    private int _count;
    private bool _open;

    internal ThreadRecorder(int thread, int capacity)
    {
        Thread = thread;
        _entries = new Entry[capacity];
    }

    /// <summary>The thread's number in the history.</summary>
    public int Thread { get; }

    /// <summary>The number of operations invoked so far.</summary>
    public int Count => _count;

    /// <summary>Starts an operation: stores its input and takes the invocation timestamp last (so the interval covers the whole call). Returns the timestamp.</summary>
    /// <exception cref="InvalidOperationException">The thread's capacity is used up.</exception>
    public long Invoke(TInput input)
    {
        if (_count == _entries.Length)
        {
            throw new InvalidOperationException($"Thread {Thread} recorded its capacity of {_entries.Length} operations.");
        }

        ref var e = ref _entries[_count++];
        e.Input = input;
        e.Returned = false;
        _open = true;
        e.Invoke = Stopwatch.GetTimestamp();
        return e.Invoke;
    }

    /// <summary>Completes the operation opened by the last <see cref="Invoke"/>: takes the response timestamp first, then stores the output. Returns the timestamp.</summary>
    /// <exception cref="InvalidOperationException">No operation is open.</exception>
    public long Return(TOutput output)
    {
        long now = Stopwatch.GetTimestamp();
        if (!_open)
        {
            throw new InvalidOperationException($"Thread {Thread} returned without an open operation.");
        }

        ref var e = ref _entries[_count - 1];
        e.Output = output;
        e.Response = now;
        e.Returned = true;
        _open = false;
        return now;
    }

    /// <summary>Records a whole operation whose timestamps the caller took itself (<paramref name="invokeTimestamp"/> before the call, <paramref name="responseTimestamp"/> after).</summary>
    public void Record(TInput input, TOutput output, long invokeTimestamp, long responseTimestamp)
    {
        if (_count == _entries.Length)
        {
            throw new InvalidOperationException($"Thread {Thread} recorded its capacity of {_entries.Length} operations.");
        }

        if (responseTimestamp < invokeTimestamp)
        {
            throw new ArgumentOutOfRangeException(nameof(responseTimestamp), "An operation cannot return before it is invoked.");
        }

        _open = false;
        _entries[_count++] = new Entry { Input = input, Output = output, Invoke = invokeTimestamp, Response = responseTimestamp, Returned = true };
    }

    /// <summary>Runs <paramref name="operation"/> between <see cref="Invoke"/> and <see cref="Return"/>; if it throws, the operation stays pending and the exception propagates.</summary>
    public TOutput Call(TInput input, Func<TInput, TOutput> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        Invoke(input);
        var output = operation(input);
        Return(output);
        return output;
    }

    internal Entry EntryAt(int index) => _entries[index];

    internal struct Entry
    {
        public TInput Input;
        public TOutput Output;
        public long Invoke;
        public long Response;
        public bool Returned;
    }
}
