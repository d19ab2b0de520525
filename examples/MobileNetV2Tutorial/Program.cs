// With no arguments the example trains on the built-in synthetic demo data set; pass --data DIR
// (or any other option, see --help) to use your own images, e.g. the tutorial's cats_and_dogs_filtered.
return MobileNetV2Tutorial.MobileNetV2Tutorial.Run(args.Length == 0 ? ["--demo"] : args);
