using System.Collections.Immutable;
using CowCollections.Linearizability;

namespace CowCollections.Tests.Consistency.Histories;

/// <summary>
/// <see cref="ListenerRegistry{T}"/> under recorded histories. A dispatch is not one atomic snapshot (a removal
/// takes effect while it runs), so the model is per listener: a dispatch (<c>Invoke</c>, <c>Invoke&lt;TArg&gt;</c>,
/// <c>foreach</c>, <c>ToArray</c>) must call a listener exactly when it is registered at some instant inside the
/// dispatch, at most once. That gives the three cases: a listener added before the dispatch began and not removed
/// before it ended must be called; one removed before it began, or added after it ended, must not be; any other
/// may be. Separately, <c>Count</c> and <c>IsEmpty</c> must be linearizable with <c>Add</c> and <c>Dispose</c>.
/// </summary>
internal static class ListenerRegistryWorkload
{
    public enum Kind
    {
        Add,
        Dispose,
        Invoke,
        InvokeWithArgument,
        Foreach,
        ToArray,
        Count,
        IsEmpty,
    }

    /// <summary>A recorded call: the listener it adds or removes, or what a read answered.</summary>
    public sealed record Op(Kind Kind, int Id)
    {
        public override string ToString() => Kind is Kind.Add or Kind.Dispose ? $"{Kind}({Id})" : Kind.ToString();
    }

    public sealed class Listener(int id)
    {
        public int Id { get; } = id;
    }

    /// <summary>Records one round: each thread adds listeners of its own, disposes some of them later, and dispatches.</summary>
    public static History<Op, string> Record(ListenerRegistry<Listener> registry, int threads, int callsPerThread, int seed)
    {
        var recorder = new HistoryRecorder<Op, string>(threads, callsPerThread);
        Workload.Together(threads, t =>
        {
            var me = recorder.ForThread(t);
            var random = new Random(seed + t);
            var live = new List<(int Id, IDisposable Registration)>();
            int nextId = t * 100_000;
            return () =>
            {
                for (int i = 0; i < callsPerThread; i++)
                {
                    int pick = random.Next(100);
                    if (pick < 25 || live.Count == 0)
                    {
                        int id = nextId++;
                        me.Invoke(new Op(Kind.Add, id));
                        var registration = registry.Add(new Listener(id));
                        me.Return(Answer.Ok);
                        live.Add((id, registration));
                    }
                    else if (pick < 45)
                    {
                        int at = random.Next(live.Count);
                        var (id, registration) = live[at];
                        live.RemoveAt(at);
                        me.Invoke(new Op(Kind.Dispose, id));
                        registration.Dispose();
                        me.Return(Answer.Ok);
                    }
                    else
                    {
                        var kind = (Kind)((int)Kind.Invoke + random.Next(6));
                        me.Invoke(new Op(kind, -1));
                        me.Return(Read(registry, kind));
                    }
                }
            };
        });

        return recorder.ToHistory();
    }

    private static string Read(ListenerRegistry<Listener> registry, Kind kind)
    {
        var called = new List<int>();
        switch (kind)
        {
            case Kind.Invoke:
                registry.Invoke(l => called.Add(l.Id));
                break;
            case Kind.InvokeWithArgument:
                registry.Invoke(called, static (l, list) => list.Add(l.Id));
                break;
            case Kind.Foreach:
                foreach (var l in registry)
                {
                    called.Add(l.Id);
                }

                break;
            case Kind.ToArray:
                called.AddRange(registry.ToArray().Select(l => l.Id));
                break;
            case Kind.Count:
                return Answer.Of(registry.Count);
            default:
                return Answer.Of(registry.IsEmpty);
        }

        return Answer.Of(called.Order());
    }

    /// <summary>
    /// The per-listener view of a history: every add and dispose of a listener, and for every dispatch one
    /// observation per listener ("called n times"), all with their recorded times; partitioned by listener.
    /// State per listener: 0 never added, 1 registered, 2 removed.
    /// </summary>
    public static History<Call<object?, int>, string> PerListener(History<Op, string> history)
    {
        var ids = history.Operations.Where(o => o.Input.Kind == Kind.Add).Select(o => o.Input.Id).ToArray();
        var builder = new HistoryBuilder<Call<object?, int>, string>();
        foreach (var o in history.Operations)
        {
            switch (o.Input.Kind)
            {
                case Kind.Add:
                    builder.Add(o.Thread, new Call<object?, int>(o.Input.ToString(), _ => "", s => s == 0 ? (1, Answer.Ok) : (s, "added twice"), o.Input.Id), o.Output, o.Invoke, o.Response);
                    break;
                case Kind.Dispose:
                    builder.Add(o.Thread, new Call<object?, int>(o.Input.ToString(), _ => "", s => (s == 1 ? 2 : s, Answer.Ok), o.Input.Id), o.Output, o.Invoke, o.Response);
                    break;
                case Kind.Count or Kind.IsEmpty:
                    break;
                default:
                    var called = o.Output.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).CountBy(x => x).ToDictionary();
                    foreach (int id in ids)
                    {
                        int times = called.GetValueOrDefault(id);
                        builder.Add(o.Thread, new Call<object?, int>($"{o.Input.Kind} calls {id}", _ => "", s => (s, s == 1 ? "1" : "0"), id), Answer.Of(times), o.Invoke, o.Response);
                    }

                    if (!called.Keys.All(ids.Contains))
                    {
                        builder.Add(o.Thread, new Call<object?, int>($"{o.Input.Kind} calls an unknown listener", _ => "", s => (s, "none"), -1), o.Output, o.Invoke, o.Response);
                    }

                    break;
            }
        }

        return builder.Build();
    }

    public static CallModel<object?, int> PerListenerModel { get; } = new(0, EqualityComparer<int>.Default, s => s switch { 0 => "never added", 1 => "registered", _ => "removed" });

    /// <summary>The counting view: adds, disposes, <c>Count</c> and <c>IsEmpty</c>, against a set of registered listeners.</summary>
    public static History<Call<object?, ImmutableSortedSet<int>>, string> Counting(History<Op, string> history)
    {
        var builder = new HistoryBuilder<Call<object?, ImmutableSortedSet<int>>, string>();
        foreach (var o in history.Operations)
        {
            int id = o.Input.Id;
            Func<ImmutableSortedSet<int>, (ImmutableSortedSet<int>, string)>? spec = o.Input.Kind switch
            {
                Kind.Add => s => (s.Add(id), Answer.Ok),
                Kind.Dispose => s => (s.Remove(id), Answer.Ok),
                Kind.Count => s => (s, Answer.Of(s.Count)),
                Kind.IsEmpty => s => (s, Answer.Of(s.IsEmpty)),
                _ => null,
            };
            if (spec is not null)
            {
                builder.Add(o.Thread, new Call<object?, ImmutableSortedSet<int>>(o.Input.ToString(), _ => "", spec), o.Output, o.Invoke, o.Response);
            }
        }

        return builder.Build();
    }

    public static CallModel<object?, ImmutableSortedSet<int>> CountingModel { get; } = new(ImmutableSortedSet<int>.Empty, States.Set, s => Answer.Of(s));
}
