using System;
using System.Threading;

namespace CowCollections.Internal;

/// <summary>
/// The one publication rule of lazily decoded nodes (<c>Branch.Children</c>, <c>ChampNode.Nodes</c>): the first
/// reader decodes the children from the node's source, publishes them with a compare-and-swap and drops the
/// source. Racing readers decode equal content and one array wins; a decoder that throws leaves the node lazy.
/// </summary>
internal static class LazyChildren
{
    public static TChildren Load<TChildren, TSource>(ref TChildren? children, ref TSource? source, Func<TSource, TChildren> decode)
        where TChildren : class
        where TSource : class
    {
        var from = Volatile.Read(ref source);
        var loaded = Volatile.Read(ref children);
        if (loaded is not null || from is null)
        {
            return loaded!;
        }

        var decoded = decode(from);
        var winner = Interlocked.CompareExchange(ref children, decoded, null) ?? decoded;
        Volatile.Write(ref source, null);
        return winner;
    }
}
