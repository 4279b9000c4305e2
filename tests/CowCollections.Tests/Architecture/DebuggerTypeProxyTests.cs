using System.Diagnostics;
using System.Reflection;

namespace CowCollections.Tests.Architecture;

public class DebuggerTypeProxyTests
{
    /// <summary>Builds the proxy the debugger would build, from the type's attribute, and returns its Items.</summary>
    private static Array ProxyItems(object instance)
    {
        Type type = instance.GetType();
        var attribute = type.GetCustomAttribute<DebuggerTypeProxyAttribute>();
        Assert.NotNull(attribute);
        Type proxyDefinition = Type.GetType(attribute.ProxyTypeName, throwOnError: true)!;
        Type proxyType = proxyDefinition.IsGenericTypeDefinition ? proxyDefinition.MakeGenericType(type.GetGenericArguments()) : proxyDefinition;
        object proxy = Activator.CreateInstance(proxyType, instance)!;
        PropertyInfo items = proxyType.GetProperty("Items")!;
        var browsable = items.GetCustomAttribute<DebuggerBrowsableAttribute>();
        Assert.NotNull(browsable);
        Assert.Equal(DebuggerBrowsableState.RootHidden, browsable.State);
        return (Array)items.GetValue(proxy)!;
    }

    [Fact]
    public void Lists_arrays_builders_and_containers_show_their_elements_in_order()
    {
        int[] expected = Enumerable.Range(0, 100).ToArray();
        PersistentList<int> list = PersistentList.CreateRange(expected);
        PersistentArray<int> array = PersistentArray.CreateRange(expected);
        object[] instances =
        [
            list,
            list.ToBuilder(),
            array,
            array.ToBuilder(),
            new CopyOnWriteList<int>(expected),
            new CopyOnWriteArray<int>(expected),
        ];
        foreach (object instance in instances)
        {
            Assert.Equal(expected, (int[])ProxyItems(instance));
        }

        Assert.Empty(ProxyItems(PersistentList<string>.Empty));
    }

    [Fact]
    public void Dictionaries_builders_and_containers_show_their_entries()
    {
        var entries = Enumerable.Range(0, 50).Select(i => KeyValuePair.Create("k" + i, i)).ToArray();
        var dictionary = PersistentDictionary.CreateRange(entries);
        object[] instances = [dictionary, dictionary.ToBuilder(), new CopyOnWriteDictionary<string, int>(entries)];
        foreach (object instance in instances)
        {
            var items = (KeyValuePair<string, int>[])ProxyItems(instance);
            Assert.Equal(entries.OrderBy(e => e.Key, StringComparer.Ordinal), items.OrderBy(e => e.Key, StringComparer.Ordinal));
        }
    }

    [Fact]
    public void A_listener_registry_shows_its_live_listeners_in_registration_order()
    {
        var registry = new ListenerRegistry<Action>();
        Action first = () => { };
        Action second = () => { };
        Action third = () => { };
        registry.Add(first);
        IDisposable removed = registry.Add(second);
        registry.Add(third);
        removed.Dispose();
        Assert.Equal(new[] { first, third }, (Action[])ProxyItems(registry));
    }
}
