using System.CommandLine;
using CowCollections.TestHost;

var root = new RootCommand("cow-testhost: child processes for the CowCollections tests (not a user tool).");
TestHostCommands.Add(root);
return root.Parse(args).Invoke();
