// CloudFront Function (cloudfront-js-2.0), viewer request, on the site's
// pages. The site is built with trailing slashes (`/events/` is the file
// `/events/index.html`) and S3 has no index documents behind origin access
// control, so a folder address is mapped to its index.html here, and an
// address without a trailing slash or a file extension is redirected to the
// one with the slash, as the site links to it.
//
// A redirect never leaves the site: `//host` or `/\host` would be read by a
// browser as another host, so leading slashes and backslashes become one
// slash. An address with a malformed escape (`/%ZZ`) is answered 400.
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  try {
    decodeURIComponent(uri);
  } catch (e) {
    return { statusCode: 400, statusDescription: 'Bad Request' };
  }
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
    return request;
  }
  var lastSegment = uri.substring(uri.lastIndexOf('/') + 1);
  if (lastSegment.indexOf('.') !== -1) return request;

  var query = [];
  for (var name in request.querystring) {
    var entry = request.querystring[name];
    var values = entry.multiValue ? entry.multiValue : [entry];
    for (var i = 0; i < values.length; i++) {
      query.push(values[i].value === '' ? name : name + '=' + values[i].value);
    }
  }
  return {
    statusCode: 301,
    statusDescription: 'Moved Permanently',
    headers: { location: { value: '/' + uri.replace(/^[/\\\s]+/, '') + '/' + (query.length ? '?' + query.join('&') : '') } },
  };
}
