@NullMarked
package org.p2psip.landmark.web;

import org.jspecify.annotations.NullMarked;
