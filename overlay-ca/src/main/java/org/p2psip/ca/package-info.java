@NullMarked
package org.p2psip.ca;

import org.jspecify.annotations.NullMarked;
