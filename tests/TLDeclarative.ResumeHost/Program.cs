// The command line of a generated experiment, on a network small enough to train in a second an epoch.
return new TLDeclarative.ResumeHost.TinyExperiment().RunCommandLine(args);
