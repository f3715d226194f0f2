"""Places: recognize every place name in an article, resolve each in context, and (when enabled)
ask an online geocoder for names the offline gazetteer lacks."""
