using System;
using CowCollections.Internal;

namespace CowCollections;

/// <summary>
/// Dispatch for the common listener shapes: each listener is the delegate to run, so a dispatch makes one delegate
/// call per listener (<see cref="ListenerRegistry{T}.Invoke(Action{T})"/> makes two: the action, then the listener).
/// Same rules as <see cref="ListenerRegistry{T}.Invoke(Action{T})"/>: the snapshot current when the dispatch starts,
/// a listener disposed before the dispatch reaches it is skipped, every listener runs and failures are thrown together
/// as one <see cref="AggregateException"/> after the last one.
/// </summary>
public static class ListenerRegistryExtensions
{
    /// <summary>Calls every registered <see cref="Action"/>. O(n), no lock, no allocation unless a listener throws.</summary>
    /// <param name="registry">The registry.</param>
    /// <exception cref="ArgumentNullException"><paramref name="registry"/> is null.</exception>
    /// <exception cref="AggregateException">One or more listeners threw; every listener still ran.</exception>
    public static void Invoke(this ListenerRegistry<Action> registry)
    {
        Requires.NotNull(registry);
        registry.DispatchAll(default(ActionCall));
    }

    /// <summary>Calls every registered <see cref="Action{T}"/> with <paramref name="argument"/>. O(n), no lock, no allocation unless a listener throws.</summary>
    /// <typeparam name="TArg">The event argument type.</typeparam>
    /// <param name="registry">The registry.</param>
    /// <param name="argument">Passed to every listener.</param>
    /// <exception cref="ArgumentNullException"><paramref name="registry"/> is null.</exception>
    /// <exception cref="AggregateException">One or more listeners threw; every listener still ran.</exception>
    public static void Invoke<TArg>(this ListenerRegistry<Action<TArg>> registry, TArg argument)
    {
        Requires.NotNull(registry);
        registry.DispatchAll(new ActionCall<TArg>(argument));
    }

    /// <summary>Calls every registered <see cref="EventHandler"/> with <paramref name="sender"/> and <paramref name="e"/>. O(n), no lock, no allocation unless a listener throws.</summary>
    /// <param name="registry">The registry.</param>
    /// <param name="sender">The event source passed to every handler.</param>
    /// <param name="e">The event data passed to every handler.</param>
    /// <exception cref="ArgumentNullException"><paramref name="registry"/> is null.</exception>
    /// <exception cref="AggregateException">One or more handlers threw; every handler still ran.</exception>
    public static void Invoke(this ListenerRegistry<EventHandler> registry, object? sender, EventArgs e)
    {
        Requires.NotNull(registry);
        registry.DispatchAll(new HandlerCall(sender, e));
    }

    /// <summary>Calls every registered <see cref="EventHandler{TEventArgs}"/> with <paramref name="sender"/> and <paramref name="e"/>. O(n), no lock, no allocation unless a handler throws.</summary>
    /// <typeparam name="TEventArgs">The event data type.</typeparam>
    /// <param name="registry">The registry.</param>
    /// <param name="sender">The event source passed to every handler.</param>
    /// <param name="e">The event data passed to every handler.</param>
    /// <exception cref="ArgumentNullException"><paramref name="registry"/> is null.</exception>
    /// <exception cref="AggregateException">One or more handlers threw; every handler still ran.</exception>
    public static void Invoke<TEventArgs>(this ListenerRegistry<EventHandler<TEventArgs>> registry, object? sender, TEventArgs e)
    {
        Requires.NotNull(registry);
        registry.DispatchAll(new HandlerCall<TEventArgs>(sender, e));
    }

    private readonly struct ActionCall : IListenerCall<Action>
    {
        public void Call(Action listener) => listener();
    }

    private readonly struct ActionCall<TArg>(TArg argument) : IListenerCall<Action<TArg>>
    {
        public void Call(Action<TArg> listener) => listener(argument);
    }

    private readonly struct HandlerCall(object? sender, EventArgs e) : IListenerCall<EventHandler>
    {
        public void Call(EventHandler listener) => listener(sender, e);
    }

    private readonly struct HandlerCall<TEventArgs>(object? sender, TEventArgs e) : IListenerCall<EventHandler<TEventArgs>>
    {
        public void Call(EventHandler<TEventArgs> listener) => listener(sender, e);
    }
}
