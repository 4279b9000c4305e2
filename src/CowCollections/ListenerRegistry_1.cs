using System;
using System.Collections.Generic;
using System.Diagnostics;
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
[DebuggerDisplay("Count = {Count}")]
public sealed class ListenerRegistry<T>
{
    /// <summary>Below this many removed entries the registry does not compact (a small list is cheap to skip).</summary>
    private const int MinimumCompaction = 32;

    private readonly CopyOnWriteList<Registration> _registrations = new();

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

        var registration = new Registration(this, listener);
        _registrations.Add(registration);
        Interlocked.Increment(ref _live);
        return registration;
    }

    /// <summary>
    /// Calls <paramref name="action"/> on every listener of the current snapshot that has not been removed.
    /// O(n) with no lock and no allocation unless a listener throws.
    /// </summary>
    /// <param name="action">What to do with each listener.</param>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is null.</exception>
    /// <exception cref="AggregateException">One or more listeners threw; every listener still ran.</exception>
    public void Invoke(Action<T> action)
    {
        Requires.NotNull(action);
        List<Exception>? errors = null;
        foreach (ReadOnlySpan<Registration> chunk in _registrations.Snapshot.Chunks)
        {
            foreach (var registration in chunk)
            {
                if (registration.IsRemoved)
                {
                    continue;
                }

                try
                {
                    action(registration.Listener);
                }
                catch (Exception ex)
                {
                    (errors ??= []).Add(ex);
                }
            }
        }

        ThrowIfAny(errors);
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
        List<Exception>? errors = null;
        foreach (ReadOnlySpan<Registration> chunk in _registrations.Snapshot.Chunks)
        {
            foreach (var registration in chunk)
            {
                if (registration.IsRemoved)
                {
                    continue;
                }

                try
                {
                    action(registration.Listener, argument);
                }
                catch (Exception ex)
                {
                    (errors ??= []).Add(ex);
                }
            }
        }

        ThrowIfAny(errors);
    }

    /// <summary>
    /// Enumerates the listeners of the current snapshot that have not been removed, for a dispatch loop
    /// without the extra delegate call of <see cref="Invoke(Action{T})"/>: <c>foreach (var l in registry) l(e);</c>.
    /// O(1) to start, no allocation. Same snapshot and removal rules as <see cref="Invoke(Action{T})"/>, but
    /// exceptions are the loop's own business.
    /// </summary>
    /// <returns>A struct enumerator.</returns>
    public Enumerator GetEnumerator() => new(_registrations.Snapshot.GetEnumerator());

    /// <summary>The listeners registered now, in registration order. O(n); allocates the array.</summary>
    /// <returns>A new array.</returns>
    public T[] ToArray()
    {
        var result = new List<T>(Count);
        foreach (ReadOnlySpan<Registration> chunk in _registrations.Snapshot.Chunks)
        {
            foreach (var registration in chunk)
            {
                if (!registration.IsRemoved)
                {
                    result.Add(registration.Listener);
                }
            }
        }

        return result.ToArray();
    }

    /// <summary>How many entries the underlying list holds, removed ones included (for tests of the compaction bound).</summary>
    internal int StoredCount => _registrations.Count;

    private static void ThrowIfAny(List<Exception>? errors)
    {
        if (errors is not null)
        {
            throw new AggregateException("One or more listeners threw; every listener was called.", errors);
        }
    }

    private void OnRemoved()
    {
        int live = Interlocked.Decrement(ref _live);
        int removed = Interlocked.Increment(ref _removed);
        if (removed >= MinimumCompaction && removed > live)
        {
            // Each removed entry is in the list once and leaves it in exactly one published change, so the
            // counts stay exact even when two compactions race.
            int compacted = _registrations.RemoveAll(static r => r.IsRemoved);
            Interlocked.Add(ref _removed, -compacted);
        }
    }

    /// <summary>Enumerates the live listeners of one frozen snapshot; see <see cref="GetEnumerator"/>.</summary>
    public struct Enumerator
    {
        private PersistentList<Registration>.Enumerator _inner;

        internal Enumerator(PersistentList<Registration>.Enumerator inner) => _inner = inner;

        /// <summary>The current listener.</summary>
        public readonly T Current => _inner.Current.Listener;

        /// <summary>Advances to the next listener that has not been removed.</summary>
        /// <returns>False after the last one.</returns>
        public bool MoveNext()
        {
            while (_inner.MoveNext())
            {
                if (!_inner.Current.IsRemoved)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>One registration: the listener and its removed flag (which only ever goes from 0 to 1).</summary>
    internal sealed class Registration(ListenerRegistry<T> owner, T listener) : IDisposable
    {
        private int _removed;

        public T Listener { get; } = listener;

        public bool IsRemoved => Volatile.Read(ref _removed) != 0;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _removed, 1) == 0)
            {
                owner.OnRemoved();
            }
        }
    }
}
