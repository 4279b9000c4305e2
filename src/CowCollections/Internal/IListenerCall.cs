namespace CowCollections.Internal;

/// <summary>
/// What a <see cref="ListenerRegistry{T}"/> dispatch does with one listener. Implemented by structs, so the dispatch
/// loop is specialized per shape and the call inlines (a listener that is the delegate to run costs one delegate call).
/// </summary>
/// <typeparam name="T">The listener type.</typeparam>
internal interface IListenerCall<in T>
{
    void Call(T listener);
}
