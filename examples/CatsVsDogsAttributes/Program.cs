// With no arguments the example trains on the built-in synthetic demo data set; pass --data DIR
// (or any other option, see --help) to use your own images.
return CatsVsDogsAttributes.CatsVsDogs.Run(args.Length == 0 ? ["--demo"] : args);
