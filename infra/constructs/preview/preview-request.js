// CloudFront Function (cloudfront-js-2.0), viewer request, on the preview
// distribution. Each pull request's build sits under its own prefix of the
// preview bucket, `pr-<number>/`, built with that prefix as its base path, so
// `/pr-123/events/` is the object `pr-123/events/index.html`. Anything outside
// a pull request's prefix is not a preview: 404. A folder address gets its
// index.html; an address without a trailing slash or extension is redirected
// to the one with it, as the site links to it.
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  try {
    decodeURIComponent(uri);
  } catch (e) {
    return { statusCode: 400, statusDescription: 'Bad Request' };
  }
  if (!/^\/pr-[0-9]{1,7}(\/|$)/.test(uri) || uri.indexOf('..') !== -1 || uri.indexOf('\\') !== -1) {
    return { statusCode: 404, statusDescription: 'Not Found' };
  }
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
    return request;
  }
  var lastSegment = uri.substring(uri.lastIndexOf('/') + 1);
  if (lastSegment.indexOf('.') !== -1) return request;
  return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: uri + '/' } } };
}
