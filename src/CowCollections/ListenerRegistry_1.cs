using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading;
using CowCollections.Internal;

namespace CowCollections;

/// <summary>
/// A thread-safe registry of listeners (handlers, observers, callbacks) that are added and removed while
/// events are being dispatched: the listener-registry use of <see cref="CopyOnWriteList{T}"/> as a type.
/// </summary>
/// <remarks>
/// <para><b>Dispatch.</b> <see cref="Invoke(Action{T})"/> iterates the registrations that were current when it
/// started (a frozen snapshot) without a lock. Every live listener runs, even when earlier ones throw; the
/// exceptions are collected and thrown together as one <see cref="AggregateException"/> after the last
/// listener ran.</para>
/// <para><b>Removal during dispatch.</b> Removal takes effect immediately: a listener whose registration was
/// disposed before a running dispatch reaches it is skipped by that dispatch (and by every later one). A
/// dispatch that had already started calling that listener on another thread is not interrupted. A listener
/// added during a dispatch is not called by that dispatch (it is not in its snapshot), but by the next.</para>
/// <para><b>Cost.</b> <see cref="Add"/> is an append to the underlying list: amortized O(1), O(log n) worst case,
/// with the list's compare-and-swap. Disposing a registration marks it removed (O(1), no allocation) and the
/// registry compacts the removed entries out of the list once they outnumber the live ones, so a dispose
/// costs amortized O(1) and the list never holds more than about twice the live listeners.</para>
/// <para>Registering the same listener twice gives two registrations; it is called twice per dispatch.</para>
/// </remarks>
/// <typeparam name="T">The listener type, usually a delegate or an interface.</typeparam>
[DebuggerTypeProxy(typeof(CowCollections.Internal.ListenerRegistryDebugView<>))]
[DebuggerDisplay("Count = {Count}")]
public sealed class ListenerRegistry<T>
{
    /// <summary>Below this many removed entries the registry does not compact (a small list is cheap to skip).</summary>
    private const int MinimumCompaction = 32;

    /// <summary>Entries hold the listener inline, so a dispatch touches the registration object only when some removal is pending.</summary>
    private readonly CopyOnWriteList<Entry> _registrations = new();

    /// <summary>How many registrations have ever been disposed. Interlocked; only grows.</summary>
    private long _disposals;

    /// <summary>Live registrations (added, not disposed). Interlocked.</summary>
    private int _live;

    /// <summary>Disposed registrations still in the list. Interlocked.</summary>
    private int _removed;

    /// <summary>The number of registered listeners (disposed registrations excluded). O(1).</summary>
    public int Count => Volatile.Read(ref _live);

    /// <summary>True when no listener is registered. O(1).</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>Registers <paramref name="listener"/>; dispose the result to remove it. Amortized O(1), O(log n) worst case.</summary>
    /// <param name="listener">The listener.</param>
    /// <returns>The registration. Disposing it is idempotent, thread-safe and amortized O(1).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="listener"/> is null.</exception>
    public IDisposable Add(T listener)
    {
        if (listener is null)
        {
            throw new ArgumentNullException(nameof(listener));
        }

        var registration = new Registration(this);
        _registrations.Add(new Entry(listener, registration));
        Interlocked.Increment(ref _live);
        return registration;
    }

    /// <summary>
    /// Removes the most recent registration of <paramref name="listener"/> that is still live, as if its
    /// registration had been disposed: the style of an event's <c>remove</c> accessor (<c>-=</c> on a delegate
    /// also removes the last occurrence). Listeners are compared with <see cref="EqualityComparer{T}.Default"/>
    /// (delegates compare by target and method). Disposing the registration afterwards does nothing. O(n).
    /// </summary>
    /// <param name="listener">The listener to remove.</param>
    /// <returns>True when a registration was removed; false when <paramref name="listener"/> has none left.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="listener"/> is null.</exception>
    public bool Remove(T listener)
    {
        if (listener is null)
        {
            throw new ArgumentNullException(nameof(listener));
        }

        var snapshot = _registrations.Snapshot;
        var comparer = EqualityComparer<T>.Default;
        for (int i = snapshot.Count - 1; i >= 0; i--)
        {
            var entry = snapshot[i];
            if (!entry.Registration.IsRemoved && comparer.Equals(entry.Listener, listener) && Remove(entry.Registration))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Calls <paramref name="action"/> on every listener of the current snapshot that has not been removed.
    /// O(n) with no lock and no allocation unless a listener throws. For <c>Action</c>, <c>Action&lt;TArg&gt;</c> and
    /// <c>EventHandler</c> listeners, <see cref="ListenerRegistryExtensions"/> calls each listener directly (one delegate
    /// call per listener instead of two).
    /// </summary>
    /// <param name="action">What to do with each listener.</param>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is null.</exception>
    /// <exception cref="AggregateException">One or more listeners threw; every listener still ran.</exception>
    public void Invoke(Action<T> action)
    {
        Requires.NotNull(action);
        DispatchAll(new ActionCall(action));
    }

    /// <summary>
    /// Calls <paramref name="action"/> with <paramref name="argument"/> on every listener of the current
    /// snapshot that has not been removed; with a static lambda this allocates nothing.
    /// O(n) with no lock.
    /// </summary>
    /// <typeparam name="TArg">The event argument type.</typeparam>
    /// <param name="argument">Passed to every call (for example the event being dispatched).</param>
    /// <param name="action">What to do with each listener.</param>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is null.</exception>
    /// <exception cref="AggregateException">One or more listeners threw; every listener still ran.</exception>
    public void Invoke<TArg>(TArg argument, Action<T, TArg> action)
    {
        Requires.NotNull(action);
        DispatchAll(new ActionCall<TArg>(action, argument));
    }

    /// <summary>
    /// The one dispatch loop: calls <paramref name="call"/> on every live listener of the current snapshot, collecting
    /// failures into one <see cref="AggregateException"/> thrown after the last listener ran. <typeparamref name="TCall"/>
    /// is a struct, so the JIT specializes the loop per call shape and a direct shape (a listener that is itself the
    /// delegate to run) costs one delegate call per listener. O(n), no lock, no allocation unless a listener throws.
    /// </summary>
    internal void DispatchAll<TCall>(TCall call)
        where TCall : struct, IListenerCall<T>
    {
        List<Exception>? errors = null;
        var dispatch = BeginDispatch(out var snapshot);
        if (snapshot.TryGetFlatSpan(out var all))
        {
            // A small registry is one array: dispatch iterates it directly.
            DispatchTo(all, dispatch, ref call, ref errors);
        }
        else
        {
            DispatchChunks(snapshot, dispatch, ref call, ref errors);
        }

        if (errors is not null)
        {
            ThrowAll(errors);
        }
    }

    /// <summary>The dispatch of a registry too large for one array, out of line so the small case keeps a small frame.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DispatchChunks<TCall>(PersistentList<Entry> snapshot, in Dispatch dispatch, ref TCall call, ref List<Exception>? errors)
        where TCall : struct, IListenerCall<T>
    {
        foreach (ReadOnlySpan<Entry> chunk in snapshot.Chunks)
        {
            DispatchTo(chunk, dispatch, ref call, ref errors);
        }
    }

    [DoesNotReturn]
    private static void ThrowAll(List<Exception> errors) =>
        throw new AggregateException("One or more listeners threw; every listener was called.", errors);

    /// <summary>
    /// Calls the live listeners of <paramref name="entries"/>, collecting failures. The loop itself has no exception
    /// handler (a variable live into a handler is kept in memory, which would put a store-to-load round trip on every
    /// iteration); it reports its position, and after a failure the dispatch resumes at the next entry.
    /// </summary>
    private static void DispatchTo<TCall>(ReadOnlySpan<Entry> entries, in Dispatch dispatch, ref TCall call, ref List<Exception>? errors)
        where TCall : struct, IListenerCall<T>
    {
        int from = 0;
        int at = 0;
        while (true)
        {
            try
            {
                CallFrom(entries, from, dispatch, ref call, ref at);
                return;
            }
            catch (Exception ex)
            {
                (errors ??= []).Add(ex);
                from = at + 1;
            }
        }
    }

    private static void CallFrom<TCall>(ReadOnlySpan<Entry> entries, int from, in Dispatch dispatch, ref TCall call, ref int at)
        where TCall : struct, IListenerCall<T>
    {
        // The removal check of Dispatch.Skips with its operands in registers: one load of the disposal counter per entry.
        ref long disposals = ref dispatch.Owner._disposals;
        long start = dispatch.StartDisposals;
        bool pending = dispatch.Pending;
        for (int i = from; i < entries.Length; i++)
        {
            at = i;
            ref readonly var entry = ref entries[i];
            if ((pending || Volatile.Read(ref disposals) != start) && entry.Registration.IsRemoved)
            {
                continue;
            }

            call.Call(entry.Listener);
        }
    }

    private readonly struct ActionCall(Action<T> action) : IListenerCall<T>
    {
        public void Call(T listener) => action(listener);
    }

    private readonly struct ActionCall<TArg>(Action<T, TArg> action, TArg argument) : IListenerCall<T>
    {
        public void Call(T listener) => action(listener, argument);
    }

    /// <summary>
    /// Enumerates the listeners of the current snapshot that have not been removed, for a dispatch loop
    /// without the extra delegate call of <see cref="Invoke(Action{T})"/>: <c>foreach (var l in registry) l(e);</c>.
    /// O(1) to start, no allocation. Same snapshot and removal rules as <see cref="Invoke(Action{T})"/>, but
    /// exceptions are the loop's own business.
    /// </summary>
    /// <returns>A struct enumerator.</returns>
    public Enumerator GetEnumerator()
    {
        var dispatch = BeginDispatch(out var snapshot);
        return new Enumerator(snapshot.GetEnumerator(), dispatch);
    }

    /// <summary>The listeners registered now, in registration order. O(n); allocates the array.</summary>
    /// <returns>A new array.</returns>
    public T[] ToArray()
    {
        var result = new List<T>(Count);
        var dispatch = BeginDispatch(out var snapshot);
        foreach (ReadOnlySpan<Entry> chunk in snapshot.Chunks)
        {
            foreach (ref readonly var entry in chunk)
            {
                if (!dispatch.Skips(entry))
                {
                    result.Add(entry.Listener);
                }
            }
        }

        return result.ToArray();
    }

    /// <summary>How many entries the underlying list holds, removed ones included (for tests of the compaction bound).</summary>
    internal int StoredCount => _registrations.Count;

    /// <summary>
    /// Starts a dispatch. The order matters: the pending-removal count is read before the snapshot, so an
    /// entry disposed and counted earlier is either compacted out of the snapshot or seen as pending; the
    /// disposal counter is read first, so a disposal that completes during the dispatch is noticed.
    /// </summary>
    private Dispatch BeginDispatch(out PersistentList<Entry> snapshot)
    {
        long start = Volatile.Read(ref _disposals);
        bool pending = Volatile.Read(ref _removed) != 0;
        snapshot = _registrations.Snapshot;
        return new Dispatch(this, start, pending);
    }

    /// <summary>
    /// Counts a removal before its flag is set, so the pending count is never lower than the number of flagged
    /// entries still in the list (a compaction only removes flagged entries and subtracts afterwards).
    /// </summary>
    private bool Remove(Registration registration)
    {
        Interlocked.Increment(ref _removed);
        if (!registration.TryMarkRemoved())
        {
            Interlocked.Decrement(ref _removed); // disposed twice concurrently: the other call counts it
            return false;
        }

        Interlocked.Increment(ref _disposals);
        int live = Interlocked.Decrement(ref _live);
        int removed = Volatile.Read(ref _removed);
        if (removed >= MinimumCompaction && removed > live)
        {
            // Each removed entry is in the list once and leaves it in exactly one published change, so the
            // counts stay exact even when two compactions race.
            int compacted = _registrations.RemoveAll(static e => e.Registration.IsRemoved);
            Interlocked.Add(ref _removed, -compacted);
        }

        return true;
    }

    /// <summary>Enumerates the live listeners of one frozen snapshot; see <see cref="GetEnumerator"/>.</summary>
    public struct Enumerator
    {
        private PersistentList<Entry>.Enumerator _inner;
        private readonly Dispatch _dispatch;

        internal Enumerator(PersistentList<Entry>.Enumerator inner, Dispatch dispatch)
        {
            _inner = inner;
            _dispatch = dispatch;
        }

        /// <summary>The current listener.</summary>
        public readonly T Current => _inner.Current.Listener;

        /// <summary>Advances to the next listener that has not been removed.</summary>
        /// <returns>False after the last one.</returns>
        public bool MoveNext()
        {
            while (_inner.MoveNext())
            {
                if (!_dispatch.Skips(_inner.Current))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>One list entry: the listener inline and the registration that can remove it.</summary>
    internal readonly struct Entry(T listener, Registration registration)
    {
        public readonly T Listener = listener;
        public readonly Registration Registration = registration;
    }

    /// <summary>
    /// The removal check of one dispatch: it reads an entry's flag only when a removal was pending when the
    /// dispatch started or a disposal happened since, so the common case touches no registration object.
    /// </summary>
    internal readonly struct Dispatch(ListenerRegistry<T> owner, long startDisposals, bool pending)
    {
        public readonly ListenerRegistry<T> Owner = owner;
        public readonly long StartDisposals = startDisposals;
        public readonly bool Pending = pending;

        public bool Skips(in Entry entry) =>
            (Pending || Volatile.Read(ref Owner._disposals) != StartDisposals) && entry.Registration.IsRemoved;
    }

    /// <summary>One registration: its removed flag (which only ever goes from 0 to 1).</summary>
    internal sealed class Registration(ListenerRegistry<T> owner) : IDisposable
    {
        private int _removed;

        public bool IsRemoved => Volatile.Read(ref _removed) != 0;

        /// <summary>Sets the flag; false when it was already set.</summary>
        public bool TryMarkRemoved() => Interlocked.Exchange(ref _removed, 1) == 0;

        public void Dispose()
        {
            if (!IsRemoved)
            {
                _ = owner.Remove(this);
            }
        }
    }
}
